"""The `cart` resource of interface `shop`: componentize-py looks for it
in a module named after the interface."""

from wit_world.exports import shop


class Cart(shop.Cart):
    def __init__(self, currency: str) -> None:
        self.currency = currency
        self.items: list[shop.LineItem] = []

    def add(self, item: shop.LineItem) -> None:
        self.items.append(item)

    def total(self) -> shop.Money:
        cents = sum(item.price.cents * item.quantity for item in self.items)
        return shop.Money(cents, self.currency)
