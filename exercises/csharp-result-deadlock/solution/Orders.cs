using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;

public record Order(int Id, string CustomerId, IReadOnlyList<decimal> Lines);
public record Customer(string Id, decimal Discount);

public interface IOrderStore
{
    Task<Order> GetOrderAsync(int orderId);
    Task<Customer> GetCustomerAsync(string customerId);
    Task SaveTotalAsync(int orderId, decimal total);
}

public class Orders
{
    private readonly IOrderStore _store;

    public Orders(IOrderStore store) => _store = store;

    // Loads the order and its customer, saves the discounted total and returns it.
    public async Task<decimal> TotalAsync(int orderId)
    {
        var order = await _store.GetOrderAsync(orderId);
        // Awaited: the thread goes back to its caller while the store works, and nothing waits on itself.
        var customer = await _store.GetCustomerAsync(order.CustomerId);
        var total = order.Lines.Sum() * (1 - customer.Discount);
        await _store.SaveTotalAsync(orderId, total);
        return total;
    }
}
