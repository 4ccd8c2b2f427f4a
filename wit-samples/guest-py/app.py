"""World demo:guest/polyglot in Python, built by componentize-py.

Each export is a class named after it (the world's own functions are
methods of `WitWorld`); an exported resource is a class in a module named
after its interface (`shop.py`). A `result` is the return value, or an
`Err` raised.
"""

from componentize_py_types import Err
import wit_world
from wit_world import exports
from wit_world.exports import shop


class WitWorld(wit_world.WitWorld):
    def greet(self, name: str) -> str:
        print(f"greeting {name}")
        return f"Hello, {name}!"


def _same(self, v, pad=None):
    return v


class Echo(exports.Echo):
    echo_bool = echo_s8 = echo_u8 = echo_s16 = echo_u16 = _same
    echo_s32 = echo_u32 = echo_s64 = echo_u64 = _same
    echo_f32 = echo_f64 = echo_char = echo_string = echo_bytes = _same
    echo_strings = echo_point = echo_points = echo_tuple = _same
    echo_shape = echo_color = echo_perms = echo_option = _same

    def echo_result(self, v, pad):
        if isinstance(v, Err):
            raise v
        return v.value


class Shop(exports.Shop):
    def total(self, items: list[shop.LineItem]) -> shop.Money:
        if not items:
            raise Err(shop.CheckoutError_EmptyCart())
        currency = items[0].price.currency
        cents = 0
        for item in items:
            if item.price.currency != currency:
                raise Err(shop.CheckoutError_MixedCurrencies((currency, item.price.currency)))
            cents += item.price.cents * item.quantity
        return shop.Money(cents, currency)


class Misbehave(exports.Misbehave):
    def spin(self) -> None:
        while True:
            pass

    def hog(self) -> None:
        held = []
        while True:
            held.append(bytearray(b"\x01" * (1 << 20)))

    def crash(self) -> None:
        raise RuntimeError("crash was asked to raise")
