// The gateway PAYMENT_PROVIDER names, behind the payment port; none for `manual` (admins confirm).

import type { PaymentGateway } from '../app/payments/port.js';
import type { SecretsPort } from '../app/ports.js';
import type { PaymentSettings } from '../config/settings.js';
import { MidtransGateway } from './midtrans.js';
import { StripeGateway } from './stripe.js';

export function paymentGateway(settings: PaymentSettings, secrets: SecretsPort): PaymentGateway | undefined {
  switch (settings.provider) {
    case 'manual':
      return undefined;
    case 'stripe':
      return new StripeGateway({ secrets, apiUrl: settings.stripeApiUrl, returnUrl: settings.returnUrl });
    case 'midtrans':
      return new MidtransGateway({
        secrets,
        snapUrl: settings.midtransSnapUrl,
        apiUrl: settings.midtransApiUrl,
        returnUrl: settings.returnUrl,
      });
  }
}
