// The signed-in customer the store's page vouches for (HarborChat.identify in the widget). Sent with
// each chat message; the API checks the signature and otherwise ignores it.
import type { ShopperIdentity } from "@harbor/contracts";

let current: ShopperIdentity | null = null;

export function setShopperIdentity(identity: ShopperIdentity | null): void {
  current = identity;
}

export function shopperIdentity(): ShopperIdentity | null {
  return current;
}
