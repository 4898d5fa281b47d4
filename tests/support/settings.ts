// A complete, valid settings environment for tests (the same shape a shop's .env has).

export const TEST_ADMIN = '15550105678';
export const TEST_CUSTOMER = '15550101234';

export function testEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    SHOP_NAME: 'Spawnpoint Test Shop',
    PAYMENT_INSTRUCTIONS: 'Pix key: pay@example.com\\nSend the receipt here with your order id.',
    SUPPORT_CONTACT: 'support@example.com',
    ADMIN_WA_IDS: TEST_ADMIN,
    PTERODACTYL_URL: 'http://127.0.0.1:9',
    PTERODACTYL_EMAIL_DOMAIN: 'players.example.com',
    AUTO_PROVISIONING_ENABLED: 'true',
    INSTALL_POLL_SECONDS: '5',
    INSTALL_TIMEOUT_SECONDS: '600',
    WHATSAPP_GRAPH_URL: 'http://127.0.0.1:9',
    WHATSAPP_API_VERSION: 'v25.0',
    WHATSAPP_PHONE_NUMBER_ID: '100000000000001',
    DEFAULT_EGG_ID: '1',
    DEFAULT_NEST_ID: '1',
    DEFAULT_LOCATION_IDS: '1',
    DEFAULT_ENV_SERVER_JARFILE: 'server.jar',
    SHOP_CURRENCY: 'BRL',
    SHOP_LOCALE: 'pt-BR',
    BRONZE_PRICE: '15',
    SILVER_PRICE: '25',
    GOLD_PRICE: '45',
    PLATINUM_PRICE: '80',
    DIAMOND_PRICE: '150',
    ...overrides,
  };
}
