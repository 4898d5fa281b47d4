// ensureUser and setPassword against the strict fake panel: reuse, creation, e-mail clashes, races.

import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { PanelRejectedError } from '../../../shared/panel/panel-errors.js';
import { newUserFields, usernameFor } from '../../../shared/panel/pterodactyl.js';
import { api, EMAIL_DOMAIN, type Harness, startHarness } from './fixtures.js';

let h: Harness;
beforeEach(async () => {
  if (!h) h = await startHarness();
  h.fake.reset();
});
afterAll(async () => h?.close());

const customer = { key: '15550101234', displayName: 'João Silva' };

describe('ensureUser', () => {
  it('creates a new user with a valid username, a derived e-mail and our external id', async () => {
    // Arrange
    const panel = h.client();

    // Act
    const { user, created } = await panel.ensureUser(customer);

    // Assert
    expect(created).toBe(true);
    expect(user.externalId).toBe('wa-15550101234');
    expect(user.username).toMatch(/^joaosilva-[0-9a-f]{6}$/);
    expect(user.email).toMatch(new RegExp(`^wa-[0-9a-f]{16}@${EMAIL_DOMAIN}$`));
    expect(user.firstName).toBe('João');
    expect(user.lastName).toBe('Silva');
    expect(h.fake.state().users.filter((u) => u.external_id === 'wa-15550101234')).toHaveLength(1);
  });

  it('reuses the existing user on a second call and reports it was not created', async () => {
    // Arrange
    const panel = h.client();
    const first = await panel.ensureUser(customer);

    // Act
    const second = await panel.ensureUser({ ...customer, displayName: 'Another Name' });

    // Assert
    expect(second.created).toBe(false);
    expect(second.user.id).toBe(first.user.id);
    expect(h.fake.state().users).toHaveLength(2); // the admin and this customer
  });

  it('gives a name without usable letters a player- username and fallback names', async () => {
    // Arrange
    const panel = h.client();

    // Act
    const { user } = await panel.ensureUser({ key: '15550109999', displayName: '  🎮🎮  ' });

    // Assert
    expect(user.username).toMatch(/^player-[0-9a-f]{8}$/);
    expect(user.firstName).toBe('🎮🎮');
    expect(user.lastName).toBe('9999');
    const nameless = await panel.ensureUser({ key: '15550108888' });
    expect(nameless.user.firstName).toBe('Player');
    expect(nameless.user.lastName).toBe('8888');
  });

  it('two concurrent calls for one customer end with one user', async () => {
    // Arrange
    const a = h.client();
    const b = h.client();

    // Act
    const [x, y] = await Promise.all([a.ensureUser(customer), b.ensureUser(customer)]);

    // Assert
    expect(x.user.id).toBe(y.user.id);
    expect([x.created, y.created].filter(Boolean)).toHaveLength(1);
    expect(h.fake.state().users.filter((u) => u.external_id === 'wa-15550101234')).toHaveLength(1);
  });

  it('adopts an unlinked user that already has our e-mail, and links it to the customer', async () => {
    // Arrange: someone created the account by hand, without an external id
    const { email } = newUserFields(customer, EMAIL_DOMAIN);
    const manual = await api(h.fake, 'POST', '/users', {
      email: email.toUpperCase(),
      username: 'handmade',
      first_name: 'Hand',
      last_name: 'Made',
    });
    expect(manual.status).toBe(201);

    // Act
    const { user, created } = await h.client().ensureUser(customer);

    // Assert
    expect(created).toBe(false);
    expect(user.id).toBe(manual.json.attributes.id);
    expect(user.externalId).toBe('wa-15550101234');
    expect(h.fake.state().users.find((u) => u.id === user.id)?.external_id).toBe('wa-15550101234');
  });

  it('never adopts a user whose e-mail merely contains ours (the list filter is a partial match)', async () => {
    // Arrange: a user whose e-mail CONTAINS ours is listed first, and the exact one is linked elsewhere
    const { email } = newUserFields(customer, EMAIL_DOMAIN);
    const trap = await api(h.fake, 'POST', '/users', {
      email: `x${email}.evil`,
      username: 'trap',
      first_name: 'T',
      last_name: 'T',
    });
    const exact = await api(h.fake, 'POST', '/users', {
      email,
      username: 'someone',
      first_name: 'S',
      last_name: 'O',
      external_id: 'whmcs-7',
    });
    expect([trap.status, exact.status]).toEqual([201, 201]);

    // Act
    const result = h.client().ensureUser(customer);

    // Assert: refused with a clear reason; neither user was changed
    await expect(result).rejects.toBeInstanceOf(PanelRejectedError);
    await expect(result).rejects.toMatchObject({ code: 'EmailOwnedByAnotherUser' });
    await expect(result).rejects.toThrow(/whmcs-7/);
    const users = h.fake.state().users;
    expect(users.find((u) => u.id === trap.json.attributes.id)?.external_id).toBeNull();
    expect(users.find((u) => u.id === exact.json.attributes.id)?.external_id).toBe('whmcs-7');
  });

  it('adopts the exact e-mail match even when a look-alike is listed before it', async () => {
    // Arrange
    const { email } = newUserFields(customer, EMAIL_DOMAIN);
    await api(h.fake, 'POST', '/users', { email: `big${email}`, username: 'bigone', first_name: 'B', last_name: 'B' });
    const exact = await api(h.fake, 'POST', '/users', { email, username: 'exact', first_name: 'E', last_name: 'X' });

    // Act
    const { user } = await h.client().ensureUser(customer);

    // Assert
    expect(user.id).toBe(exact.json.attributes.id);
  });

  it('picks a longer username when the short one is taken by someone else', async () => {
    // Arrange
    const taken = usernameFor(customer);
    await api(h.fake, 'POST', '/users', { email: 'other@x.io', username: taken, first_name: 'O', last_name: 'T' });

    // Act
    const { user, created } = await h.client().ensureUser(customer);

    // Assert
    expect(created).toBe(true);
    expect(user.username).not.toBe(taken);
    expect(user.username).toMatch(/^joaosilva-[0-9a-f]{10}$/);
  });
});

describe('setPassword', () => {
  it('sets a password the customer can log in with, re-sending the required fields', async () => {
    // Arrange
    const panel = h.client();
    const { user } = await panel.ensureUser(customer);
    const password = '  spaces are kept  ';

    // Act
    await panel.setPassword(user.id, password);

    // Assert
    expect(h.fake.login(user.username, password)).toBe(true);
    expect(h.fake.login(user.email, password)).toBe(true);
    expect(h.fake.login(user.username, password.trim())).toBe(false);
    const after = h.fake.state().users.find((u) => u.id === user.id);
    expect(after?.external_id).toBe('wa-15550101234');
    expect(JSON.stringify(h.fake.state())).not.toContain(password.trim());
  });

  it('answers the demo login endpoint like a login form would', async () => {
    // Arrange
    const panel = h.client();
    const { user } = await panel.ensureUser(customer);
    await panel.setPassword(user.id, 'correct horse');
    const login = (password: string) =>
      fetch(`${h.fake.url}/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ user: user.username, password }),
      });

    // Act
    const [good, bad] = await Promise.all([login('correct horse'), login('wrong')]);

    // Assert
    expect(good.status).toBe(200);
    expect(bad.status).toBe(401);
  });
});

describe('findUser', () => {
  it('finds the customer user by key without creating one', async () => {
    // Arrange
    const panel = h.client();
    const before = await panel.findUser(customer.key);
    const { user } = await panel.ensureUser(customer);

    // Act
    const after = await panel.findUser(customer.key);

    // Assert
    expect(before).toBeUndefined();
    expect(after?.id).toBe(user.id);
  });
});
