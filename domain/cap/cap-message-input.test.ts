/** Input a CAP message cannot carry is refused as a wiring error (CapInputError), never sent. */
import { makeReport } from '../../test/helpers/fixtures';
import { buildCapMessage, CapInputError, type CapMessageInput } from './cap-message';
import { buildFullCase } from './testing/full-case';

describe('input a CAP message cannot carry', () => {
  const [alert, update] = buildFullCase(makeReport());
  it.each<[string, () => CapMessageInput, RegExp]>([
    ['an identifier with a space', () => ({ ...alert.input, step: { ...alert.step, messageId: 'mca 1' } }), /identifier/],
    ['an identifier with a comma', () => ({ ...alert.input, step: { ...alert.step, messageId: 'mca,1' } }), /identifier/],
    ['a sender with &', () => ({ ...alert.input, sender: 'a&b@police.ma' }), /sender/],
    ['an Update without references', () => ({ ...update.input, references: [] }), /must reference/],
    ['an Alert with references', () => ({ ...alert.input, references: update.input.references }), /no earlier message/],
    ['a self reference', () => ({ ...update.input, references: [{ messageId: update.step.messageId, sentAt: alert.step.sentAt }] }), /itself/],
    ['a radius tier without radius', () => ({ ...alert.input, step: { ...alert.step, areas: [{ ...alert.step.areas[0], radiusKm: null }] } }), /no radius/],
    ['no area', () => ({ ...alert.input, step: { ...alert.step, areas: [] } }), /at least one area/],
    ['a non-positive expiry', () => ({ ...alert.input, expiresAfterMs: 0 }), /expiresAfterMs/],
  ])('refuses %s with a CapInputError', (_what, make, message) => {
    expect(() => buildCapMessage(make())).toThrow(message);
    expect(() => buildCapMessage(make())).toThrow(CapInputError);
  });
});
