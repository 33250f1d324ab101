"""Release notes: tell every user about a new release, each by their own channel."""
import asyncio


async def notify_all(users, release, send):
    """Sends the news of `release` to every user with `await send(user, message)`, all at once.
    Returns how many users were notified, once every notification has been delivered."""
    message = f"{release} is out: see what is new"
    for user in users:
        asyncio.create_task(send(user, message))
    return len(users)


async def main():
    async def send(user, message):
        await asyncio.sleep(0.1)  # an email, a push notification, a webhook
        print(f"to {user}: {message}")

    count = await notify_all(["ada", "grace", "linus"], "Lens 2.0", send)
    print(f"{count} users notified")


if __name__ == "__main__":
    asyncio.run(main())
