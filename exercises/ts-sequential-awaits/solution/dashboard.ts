export interface User {
	id: string;
	name: string;
}
export interface Order {
	id: string;
	total: number;
}
export interface Api {
	user(id: string): Promise<User>;
	orders(userId: string): Promise<Order[]>;
	recommendations(userId: string): Promise<string[]>;
}
export interface Dashboard {
	name: string;
	orderCount: number;
	spent: number;
	recommendations: string[];
}

/** Builds a user's dashboard from three independent backend calls. */
export async function loadDashboard(api: Api, userId: string): Promise<Dashboard> {
	// The three requests start together; Promise.all waits for the slowest, not for the sum.
	const [user, orders, recommendations] = await Promise.all([api.user(userId), api.orders(userId), api.recommendations(userId)]);
	return {
		name: user.name,
		orderCount: orders.length,
		spent: orders.reduce((sum, order) => sum + order.total, 0),
		recommendations: recommendations.slice(0, 3),
	};
}
