/**
 * Every screen of the console in Arabic, in a real browser, on a phone (390x844) and a desktop
 * (1280x800): axe-core finds no serious or critical violation, nothing overflows sideways, each is
 * screenshotted into DATA_DIR/screenshots/ and the whole layout is mirrored right-to-left.
 */
import { checkEveryScreen, useConsoleSamples } from '../helpers/console-screens';

jest.setTimeout(120_000);
useConsoleSamples('browser-screens-ar');

test('every screen in Arabic, phone and desktop: no serious or critical axe violation, no sideways overflow, right-to-left', () => checkEveryScreen('ar'));
