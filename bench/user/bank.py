"""A small class hierarchy: accounts with overridden methods and a ledger."""

DEFAULT_N = 30000


class Account:
    def __init__(self, owner: str, balance: float = 0.0):
        self.owner = owner
        self.balance = balance
        self.history = []

    def deposit(self, amount):
        self.balance += amount
        self.history.append(amount)

    def withdraw(self, amount):
        if amount > self.balance:
            return False
        self.balance -= amount
        self.history.append(-amount)
        return True

    def fee(self):
        return 1.0


class Savings(Account):
    def fee(self):
        return 0.0 if self.balance > 500 else 0.5


class Checking(Account):
    def fee(self):
        return 2.0


def main(n=DEFAULT_N):
    accounts = [Savings(f"s{i}") if i % 2 else Checking(f"c{i}") for i in range(100)]
    ok = 0
    for i in range(n):
        a = accounts[i % 100]
        a.deposit((i * 17) % 100)
        if a.withdraw((i * 13) % 90):
            ok += 1
        a.balance -= a.fee()
    return ok + int(sum(a.balance for a in accounts)) + sum(len(a.history) for a in accounts)
