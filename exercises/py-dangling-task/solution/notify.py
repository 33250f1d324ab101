"""Release notes: tell every user about a new release, each by their own channel."""
import asyncio


async def notify_all(users, release, send):
    """Sends the news of `release` to every user with `await send(user, message)`, all at once.
    Returns how many users were notified, once every notification has been delivered."""
    message = f"{release} is out: see what is new"
    # gather starts them all at once, holds them, and returns when the last one is delivered (an
    # exception in one reaches us here). Python 3.11+: `async with asyncio.TaskGroup() as tg:`
    # and `tg.create_task(send(user, message))` in the loop does the same.
    await asyncio.gather(*(send(user, message) for user in users))
    return len(users)


async def main():
    async def send(user, message):
        await asyncio.sleep(0.1)  # an email, a push notification, a webhook
        print(f"to {user}: {message}")

    count = await notify_all(["ada", "grace", "linus"], "Lens 2.0", send)
    print(f"{count} users notified")


if __name__ == "__main__":
    asyncio.run(main())
