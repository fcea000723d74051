/**
 * The name and address on the page chrome (header, title, help center), which render before the
 * store profile is fetched, if at all. Everything a shopper relies on (hours, reply times, the
 * team's name in a conversation) still comes from the store profile API.
 */
export const STORE_BRAND = { name: "Harbor & Pine", supportEmail: "support@harborandpine.example" } as const;
