// Small builders for the domain unit tests: an order in any status, a catalogue, a shop.

import type { Lang } from '../../../shared/domain/i18n/lang.js';
import { customerRecipient, type Recipient } from '../../../shared/domain/i18n/locale.js';
import type { ShopInfo } from '../../../shared/domain/messages.js';
import { createOrder, type Order, type OrderStatus } from '../../../shared/domain/order.js';
import { DEFAULT_TIER_RESOURCES, type Package, TIER_IDS, tierName } from '../../../shared/domain/packages.js';

export const NOW = new Date('2026-03-01T12:00:00.000Z');
export const LATER = new Date('2026-03-01T12:05:00.000Z');

export const SHOP: ShopInfo = {
  shopName: 'Spawnpoint Games',
  panelUrl: 'https://panel.example.com',
  paymentInstructions: 'Pix key: pay@example.com\nSend the receipt here with your order id.',
  supportContact: 'support@example.com',
  language: 'en',
  adminLanguage: 'en',
  timeZone: 'UTC',
};

/** A recipient reading `lang` (default: the shop's language). */
export function to(id: string, lang?: Lang): Recipient {
  return customerRecipient(id, lang, SHOP);
}

export function pkg(id: (typeof TIER_IDS)[number], overrides: Partial<Package> = {}): Package {
  return {
    id,
    name: tierName(id),
    resources: DEFAULT_TIER_RESOURCES[id],
    nestId: 1,
    eggId: 5,
    placement: { kind: 'locations', locationIds: [1] },
    portRange: [],
    environment: {},
    price: 'R$ 15/month',
    oomDisabled: true,
    periodDays: 30,
    ...overrides,
  };
}

export const CATALOGUE: Package[] = TIER_IDS.map((id) => pkg(id));

/** An order as it would be after the usual events that lead to `status`. */
export function orderIn(status: OrderStatus, overrides: Partial<Order> = {}): Order {
  const base = createOrder(
    {
      id: 'ORD-7K2M9Q',
      customerId: '5511987654321',
      customerName: 'Ana',
      packageId: 'gold',
      packageName: 'Gold',
      resources: DEFAULT_TIER_RESOURCES.gold,
      price: 'R$ 45/month',
    },
    NOW,
  );
  const attempts = status === 'PROVISIONING' || status === 'COMPLETED' ? 1 : 0;
  return { ...base, status, attempts, ...overrides };
}
