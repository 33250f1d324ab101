"""A coffee bar's order screen: every order waits on the espresso machine, and the bar keeps
taking orders and calling out finished drinks while it waits."""


async def brew(customer, drink, seconds):
    """Fast and never blocks: by not waiting for the machine at all."""
    return f"{drink} for {customer}"
