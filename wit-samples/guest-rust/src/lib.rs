//! A guest for world `demo:guest/guest`: echoes values of every kind, runs a
//! small shop with a resource, and misbehaves on request.
//!
//! Build: `cargo build --target wasm32-wasip2 --release`, or
//! `wit-analyzer build demo:guest/guest` from the repository root.

use std::cell::RefCell;

wit_bindgen::generate!({
    path: "wit",
    world: "demo:guest/guest",
});

use exports::demo::guest::echo::{self, Color, Pad, Perms, Point, Shape};
use exports::demo::guest::misbehave;
use exports::demo::guest::shop::{self, CheckoutError, GuestCart, LineItem, Money};

struct Component;

export!(Component);

impl echo::Guest for Component {
    fn echo_bool(v: bool, _: Pad) -> bool {
        v
    }
    fn echo_s8(v: i8, _: Pad) -> i8 {
        v
    }
    fn echo_u8(v: u8, _: Pad) -> u8 {
        v
    }
    fn echo_s16(v: i16, _: Pad) -> i16 {
        v
    }
    fn echo_u16(v: u16, _: Pad) -> u16 {
        v
    }
    fn echo_s32(v: i32, _: Pad) -> i32 {
        v
    }
    fn echo_u32(v: u32, _: Pad) -> u32 {
        v
    }
    fn echo_s64(v: i64, _: Pad) -> i64 {
        v
    }
    fn echo_u64(v: u64, _: Pad) -> u64 {
        v
    }
    fn echo_f32(v: f32, _: Pad) -> f32 {
        v
    }
    fn echo_f64(v: f64, _: Pad) -> f64 {
        v
    }
    fn echo_char(v: char, _: Pad) -> char {
        v
    }
    fn echo_string(v: String, _: Pad) -> String {
        v
    }
    fn echo_bytes(v: Vec<u8>, _: Pad) -> Vec<u8> {
        v
    }
    fn echo_strings(v: Vec<String>, _: Pad) -> Vec<String> {
        v
    }
    fn echo_point(v: Point, _: Pad) -> Point {
        v
    }
    fn echo_points(v: Vec<Point>, _: Pad) -> Vec<Point> {
        v
    }
    fn echo_tuple(v: (u8, String, bool), _: Pad) -> (u8, String, bool) {
        v
    }
    fn echo_shape(v: Shape, _: Pad) -> Shape {
        v
    }
    fn echo_color(v: Color, _: Pad) -> Color {
        v
    }
    fn echo_perms(v: Perms, _: Pad) -> Perms {
        v
    }
    fn echo_option(v: Option<String>, _: Pad) -> Option<String> {
        v
    }
    fn echo_result(v: Result<u32, String>, _: Pad) -> Result<u32, String> {
        v
    }
}

impl shop::Guest for Component {
    type Cart = Cart;

    fn total(items: Vec<LineItem>) -> Result<Money, CheckoutError> {
        let first = items.first().ok_or(CheckoutError::EmptyCart)?;
        let currency = first.price.currency.clone();
        let mut cents = 0;
        for item in &items {
            if item.price.currency != currency {
                return Err(CheckoutError::MixedCurrencies((currency, item.price.currency.clone())));
            }
            cents += item.price.cents * u64::from(item.quantity);
        }
        Ok(Money { cents, currency })
    }
}

struct Cart {
    currency: String,
    items: RefCell<Vec<LineItem>>,
}

impl GuestCart for Cart {
    fn new(currency: String) -> Self {
        Cart { currency, items: RefCell::new(Vec::new()) }
    }

    fn add(&self, item: LineItem) {
        self.items.borrow_mut().push(item);
    }

    fn total(&self) -> Money {
        let cents = self.items.borrow().iter().map(|i| i.price.cents * u64::from(i.quantity)).sum();
        Money { cents, currency: self.currency.clone() }
    }
}

impl misbehave::Guest for Component {
    fn spin() {
        let mut n: u64 = 0;
        loop {
            // A volatile-free busy loop the optimizer cannot remove.
            n = std::hint::black_box(n.wrapping_add(1));
        }
    }

    fn hog() {
        let mut blocks = Vec::new();
        loop {
            blocks.push(std::hint::black_box(vec![1u8; 1 << 20]));
        }
    }

    fn crash() {
        panic!("crash was asked to panic");
    }
}

impl Guest for Component {
    fn greet(name: String) -> String {
        println!("greeting {name}");
        format!("Hello, {name}!")
    }

    fn read_file(path: String) -> Result<String, String> {
        std::fs::read_to_string(&path).map_err(|e| format!("cannot read {path}: {e}"))
    }

    fn write_file(path: String, text: String) -> Result<(), String> {
        std::fs::write(&path, text).map_err(|e| format!("cannot write {path}: {e}"))
    }

    fn nap(millis: u32) {
        std::thread::sleep(std::time::Duration::from_millis(millis.into()));
    }
}
