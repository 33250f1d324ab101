"""A tiny order service with the two mistakes Concurrency Lens teaches about."""
import asyncio
import threading
import time


async def handle_order(order_id: int) -> str:
    time.sleep(0.5)  # pretend to wait for the payment provider
    return f"order {order_id} paid"


def send_receipts(emails: list[str]) -> None:
    for email in emails:
        threading.Thread(target=print, args=(f"receipt to {email}",)).start()


async def main() -> None:
    print(await asyncio.gather(*(handle_order(i) for i in range(3))))


if __name__ == "__main__":
    asyncio.run(main())
