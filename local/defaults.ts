// The embedded defaults of `npm start`: a shop that works at once against the built-in fakes (the fake
// panel's seed has location 1, nest 1 and egg 1 "Paper"). Anything set in the environment or .env wins.

export const LOCAL_ADMIN = '15550105678';
export const LOCAL_CUSTOMER = '15550101234';

export const LOCAL_DEFAULTS: Readonly<Record<string, string>> = {
  SHOP_NAME: 'Spawnpoint Games',
  PAYMENT_INSTRUCTIONS: 'Pix key: pay@spawnpoint.example\\nSend the receipt here with your order id.',
  SUPPORT_CONTACT: 'support@spawnpoint.example',
  ADMIN_WA_IDS: LOCAL_ADMIN,
  PTERODACTYL_EMAIL_DOMAIN: 'players.spawnpoint.example',
  AUTO_PROVISIONING_ENABLED: 'true',
  INSTALL_POLL_SECONDS: '2',
  INSTALL_TIMEOUT_SECONDS: '120',
  DEFAULT_EGG_ID: '1',
  DEFAULT_NEST_ID: '1',
  DEFAULT_LOCATION_IDS: '1',
  SHOP_CURRENCY: 'BRL',
  SHOP_LOCALE: 'pt-BR',
  BRONZE_PRICE: '15',
  SILVER_PRICE: '25',
  GOLD_PRICE: '45',
  PLATINUM_PRICE: '80',
  DIAMOND_PRICE: '150',
  WHATSAPP_API_VERSION: 'v25.0',
  WHATSAPP_PHONE_NUMBER_ID: '100000000000001',
  WHATSAPP_APP_SECRET: 'local-app-secret',
  WHATSAPP_VERIFY_TOKEN: 'local-verify-token',
  // The sweep looks often locally: the page's "+1 day" button moves the clock and sweeps at once anyway.
  LIFECYCLE_SWEEP_SECONDS: '15',
};
