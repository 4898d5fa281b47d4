// Pure parts of the panel client: the names it gives new panel users, error serialisation, URLs.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apiRoot } from '../../../shared/panel/http.js';
import { PanelRejectedError, PanelUnavailableError, sanitizeCause } from '../../../shared/panel/panel-errors.js';
import { buildEnvironment, newUserFields, portFilter, usernameFor } from '../../../shared/panel/pterodactyl.js';
import type { RawEgg } from '../../../shared/panel/types.js';
import { paperPackage } from '../../integration/panel/fixtures.js';

const PANEL_USERNAME = /^[a-z0-9]([\w.-]+)[a-z0-9]$/;

describe('usernameFor', () => {
  it('always gives a username the panel accepts, the same one for the same customer', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.option(fc.string(), { nil: undefined }), (key, displayName) => {
        const customer = displayName === undefined ? { key } : { key, displayName };
        const name = usernameFor(customer);
        expect(name).toMatch(PANEL_USERNAME);
        expect(name.length).toBeLessThanOrEqual(191);
        expect(usernameFor(customer)).toBe(name);
      }),
    );
  });

  it('keeps a readable ASCII prefix of the name', () => {
    expect(usernameFor({ key: '1', displayName: 'Zoë Ñúñez-García' })).toMatch(/^zoenunezgarc-[0-9a-f]{6}$/);
    expect(usernameFor({ key: '1', displayName: '李小龙' })).toMatch(/^player-[0-9a-f]{8}$/);
  });
});

describe('newUserFields', () => {
  it('always gives non-empty names of at most 191 characters and a stable e-mail', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), (key, displayName) => {
        const fields = newUserFields({ key, displayName }, 'players.example.com');
        for (const n of [fields.first_name, fields.last_name]) {
          expect(n.trim()).not.toBe('');
          expect(Array.from(n).length).toBeLessThanOrEqual(191);
        }
        expect(fields.email).toMatch(/^wa-[0-9a-f]{16}@players\.example\.com$/);
        expect(newUserFields({ key }, 'players.example.com').email).toBe(fields.email);
      }),
    );
  });
});

describe('buildEnvironment', () => {
  it('sends every egg variable, defaults first, overrides applied, all strings', () => {
    const egg = {
      relationships: {
        variables: {
          object: 'list',
          data: [
            {
              object: 'egg_variable',
              attributes: { name: 'A', env_variable: 'A', default_value: 'a', rules: 'string' },
            },
            {
              object: 'egg_variable',
              attributes: { name: 'B', env_variable: 'B', default_value: null, rules: 'nullable' },
            },
          ],
        },
      },
    } as unknown as RawEgg;
    expect(buildEnvironment(egg, paperPackage({ environment: { B: 'b', C: 'c' } }))).toEqual({ A: 'a', B: 'b' });
  });
});

describe('portFilter', () => {
  it('reads ports like the panel: exact ports and NNNN-NNNNN ranges, anything else dropped', () => {
    const inRange = portFilter(['25565', '27000-27002', 'junk']);
    expect([25565, 27001, 27003, 80].map(inRange)).toEqual([true, true, false, false]);
    expect(portFilter(['junk'])(1)).toBe(true);
  });
});

describe('errors', () => {
  it('serialise without headers or raw causes', () => {
    const axiosLike = Object.assign(new Error('timeout of 10ms exceeded'), {
      code: 'ECONNABORTED',
      config: { headers: { Authorization: 'Bearer ptla_secret_secret' } },
    });
    const e = new PanelUnavailableError({
      detail: 'no answer',
      cause: sanitizeCause(axiosLike, ['ptla_secret_secret']),
    });
    expect(JSON.stringify(e)).not.toContain('ptla_secret_secret');
    expect(JSON.stringify(e.cause)).not.toContain('ptla_secret_secret');
    expect(JSON.parse(JSON.stringify(e))).toMatchObject({ name: 'PanelUnavailableError', cause: { name: 'Error' } });
  });

  it('keep their names for the state machine', () => {
    const e = new PanelRejectedError({
      status: 422,
      detail: 'x',
      errors: [{ sourceField: 'email', rule: 'unique', detail: 'x' }],
    });
    expect(e.name).toBe('PanelRejectedError');
    expect(e.has('email', 'unique')).toBe(true);
    expect(e.has('email', 'email')).toBe(false);
  });
});

describe('apiRoot', () => {
  it('accepts the panel root or the API root', () => {
    expect(apiRoot('https://panel.example.com/')).toBe('https://panel.example.com/api/application');
    expect(apiRoot('https://panel.example.com/api/application')).toBe('https://panel.example.com/api/application');
  });
});
