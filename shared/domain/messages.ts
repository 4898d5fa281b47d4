// Every text the system sends, in one place. WhatsApp formatting (*bold*, _italic_, ```mono```),
// within the Cloud API limits; customer failure texts carry no technical detail.
//
// The texts live by audience in sibling modules; import them from here.

export * from './admin-messages.js';
export * from './customer-messages.js';
export * from './delivery-messages.js';
export * from './language-messages.js';
export { adminsTo, customerTo, type ShopInfo, shopInstructions, TEMPLATES } from './message-format.js';
export * from './payment-messages.js';
export * from './plan-messages.js';
export * from './receipt-messages.js';
export * from './service-messages.js';
