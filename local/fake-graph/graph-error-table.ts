// The Graph API's error codes as the fake answers them: the titles and HTTP statuses Meta uses for the
// codes the outbox handles, the error envelope of a refused request, and the error of a `failed` status.

import { randomBytes } from 'node:crypto';

export interface StatusError {
  code: number;
  title: string;
  message: string;
  error_data: { details: string };
}

/** Titles and HTTP statuses Meta uses for the codes the outbox handles. */
export const GRAPH_ERRORS: Readonly<
  Record<number, { title: string; details: string; http: number; subcode?: number }>
> = {
  1: { title: 'API Unknown', details: 'Invalid request or possible server error.', http: 500 },
  2: { title: 'API Service', details: 'Temporary due to downtime or due to being overloaded.', http: 503 },
  4: { title: 'API Too Many Calls', details: 'The app has reached its API call rate limit.', http: 400 },
  100: { title: 'Invalid parameter', details: 'The request included invalid or unsupported parameters.', http: 400 },
  190: {
    title: 'Error validating access token: Session has expired',
    details: 'The access token has expired.',
    http: 401,
    subcode: 463,
  },
  368: {
    title: 'Temporarily blocked for policies violations',
    details: 'The WhatsApp Business Account is restricted for policy violations.',
    http: 400,
  },
  80007: {
    title: 'Rate limit issues',
    details: 'The WhatsApp Business Account has reached its rate limit.',
    http: 400,
  },
  130429: { title: 'Rate limit hit', details: 'Cloud API message throughput has been reached.', http: 400 },
  131000: { title: 'Something went wrong', details: 'Message failed to send due to an unknown error.', http: 500 },
  131008: {
    title: 'Required parameter is missing',
    details: 'The request is missing a required parameter.',
    http: 400,
  },
  131009: { title: 'Parameter value is not valid', details: 'One or more parameter values are invalid.', http: 400 },
  131016: { title: 'Service unavailable', details: 'A service is temporarily unavailable.', http: 503 },
  131026: {
    title: 'Message undeliverable',
    details: 'Unable to deliver message. The recipient phone number is not a WhatsApp phone number.',
    http: 400,
  },
  131030: {
    title: 'Recipient phone number not in allowed list',
    details: 'Add the recipient phone number to the allowed list.',
    http: 400,
  },
  131047: {
    title: 'Re-engagement message',
    details:
      'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
    http: 400,
  },
  131048: {
    title: 'Spam rate limit hit',
    details: 'Too many previous messages were blocked or flagged as spam.',
    http: 400,
  },
  131049: {
    title: 'Meta chose not to deliver',
    details: 'This message was not delivered to maintain healthy ecosystem engagement.',
    http: 400,
  },
  131056: {
    title: '(Business Account, Consumer Account) pair rate limit hit',
    details:
      'Too many messages sent from the sender phone number to the same recipient phone number in a short period of time.',
    http: 400,
  },
  131053: { title: 'Media upload error', details: 'Unable to upload the media used in the message.', http: 400 },
  131057: { title: 'Account in maintenance mode', details: 'The business account is in maintenance mode.', http: 503 },
  132000: {
    title: 'Number of parameters does not match the expected number of params',
    details: 'The number of parameters does not match the template.',
    http: 400,
  },
  132001: {
    title: 'Template does not exist',
    details: 'The template does not exist in the specified language or has not been approved.',
    http: 400,
  },
};

export function graphError(code: number, details?: string, subcode?: number, type = 'OAuthException') {
  const known = GRAPH_ERRORS[code];
  const sub = subcode ?? known?.subcode;
  return {
    error: {
      message: `(#${code}) ${known?.title ?? 'Error'}`,
      type,
      code,
      ...(sub !== undefined ? { error_subcode: sub } : {}),
      error_data: { messaging_product: 'whatsapp', details: details ?? known?.details ?? 'Unknown error' },
      fbtrace_id: `AFake${randomBytes(9).toString('base64url')}`,
    },
  };
}

export function statusError(code: number): StatusError {
  const known = GRAPH_ERRORS[code];
  const title = known?.title ?? 'Error';
  return { code, title, message: title, error_data: { details: known?.details ?? 'Unknown error' } };
}
