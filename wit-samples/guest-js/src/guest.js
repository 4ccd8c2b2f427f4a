// World demo:guest/polyglot in JavaScript, built by componentize-js: each
// exported interface is an object of functions, named in camelCase; a
// resource is a class; a `result` is the return value or what is thrown.

const same = (v) => v;

export const echo = {
  echoBool: same,
  echoS8: same,
  echoU8: same,
  echoS16: same,
  echoU16: same,
  echoS32: same,
  echoU32: same,
  echoS64: same,
  echoU64: same,
  echoF32: same,
  echoF64: same,
  echoChar: same,
  echoString: same,
  echoBytes: same,
  echoStrings: same,
  echoPoint: same,
  echoPoints: same,
  echoTuple: same,
  echoShape: same,
  echoColor: same,
  echoPerms: same,
  echoOption: same,
  echoResult(v) {
    if (v.tag === 'err') {
      throw v.val;
    }
    return v.val;
  },
};

// u64 values are BigInts.
const lineCents = (item) => item.price.cents * BigInt(item.quantity);

class Cart {
  constructor(currency) {
    this.currency = currency;
    this.items = [];
  }

  add(item) {
    this.items.push(item);
  }

  total() {
    const cents = this.items.reduce((sum, item) => sum + lineCents(item), 0n);
    return { cents, currency: this.currency };
  }
}

export const shop = {
  total(items) {
    if (items.length === 0) {
      throw { tag: 'empty-cart' };
    }
    const currency = items[0].price.currency;
    let cents = 0n;
    for (const item of items) {
      if (item.price.currency !== currency) {
        throw { tag: 'mixed-currencies', val: [currency, item.price.currency] };
      }
      cents += lineCents(item);
    }
    return { cents, currency };
  },
  Cart,
};

export const misbehave = {
  spin() {
    for (;;) {}
  },
  hog() {
    const held = [];
    for (;;) {
      held.push(new Uint8Array(1 << 20).fill(1));
    }
  },
  crash() {
    throw new Error('crash was asked to throw');
  },
};

export function greet(name) {
  console.log(`greeting ${name}`);
  return `Hello, ${name}!`;
}
