import { describe, expect, it } from 'vitest';
import { canonicalWhatsAppId, sameWhatsAppUser, senderMatches } from '../../../shared/domain/whatsapp-ids.js';

describe('a sender matches a configured admin id', () => {
  it('by the business-scoped user id when Meta also sends the wa_id', () => {
    // Arrange
    const admins = ['US.13491208655302741918'];
    // Act + Assert
    expect(senderMatches(admins, { from: '15550109876', userId: 'US.13491208655302741918' })).toBe(true);
    expect(senderMatches(admins, { from: 'US.13491208655302741918' })).toBe(true);
    expect(senderMatches(admins, { from: '15550109876' })).toBe(false);
  });

  it('by the wa_id when Meta also sends a user id', () => {
    expect(senderMatches(['15550109876'], { from: '15550109876', userId: 'US.13491208655302741918' })).toBe(true);
  });

  it('never by an id of someone else', () => {
    expect(senderMatches(['15550109876'], { from: '15550109877', userId: 'US.1' })).toBe(false);
    expect(senderMatches(['US.1349'], { from: 'US.13490' })).toBe(false);
    expect(senderMatches([], { from: '15550109876' })).toBe(false);
  });
});

describe('one person, two spellings of a number', () => {
  it.each([
    // Brazil: the mobile 9 after the two-digit area code
    ['5511987654321', '551187654321'],
    ['5521999998888', '552199998888'],
    ['5585961234567', '558561234567'],
    // Mexico: the 1 after 52
    ['5215512345678', '525512345678'],
    ['5213312345678', '523312345678'],
    // formatting of a configured number
    ['+55 (11) 98765-4321', '551187654321'],
  ])('%s is %s', (a, b) => {
    expect(sameWhatsAppUser(a, b)).toBe(true);
    expect(sameWhatsAppUser(b, a)).toBe(true);
    expect(senderMatches([a], { from: b })).toBe(true);
    expect(senderMatches([b], { from: a })).toBe(true);
  });

  it.each([
    // a Brazilian landline (8 digits starting 2-5) is not the mobile with a 9 in front
    ['5511923456789', '551123456789'],
    // the 9 must follow the area code, not be anywhere
    ['5511879654321', '551187654321'],
    // a 9 after the area code of a number that is not Brazilian
    ['4411987654321', '441187654321'],
    // Mexico: a 1 elsewhere, or a 52 number without the 10 digits after the 1
    ['52155123456789', '5255123456789'],
    ['5255123456781', '525512345678'],
    // different numbers
    ['5511987654321', '5511987654322'],
  ])('%s is not %s', (a, b) => {
    expect(sameWhatsAppUser(a, b)).toBe(false);
  });

  it('keeps other numbers as their digits and a BSUID as given', () => {
    expect(canonicalWhatsAppId('15550105678')).toBe('15550105678');
    expect(canonicalWhatsAppId('+1 555 010 5678')).toBe('15550105678');
    expect(canonicalWhatsAppId('us.13491208655302741918')).toBe('US.13491208655302741918');
    expect(canonicalWhatsAppId('5511987654321')).toBe('551187654321');
    expect(canonicalWhatsAppId('5215512345678')).toBe('525512345678');
  });
});
