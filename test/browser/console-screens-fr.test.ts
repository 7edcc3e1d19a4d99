/**
 * Every screen of the console in French, in a real browser, on a phone (390x844) and a desktop
 * (1280x800): axe-core finds no serious or critical violation, nothing overflows sideways, each is
 * screenshotted into DATA_DIR/screenshots/.
 */
import { checkEveryScreen, useConsoleSamples } from '../helpers/console-screens';

jest.setTimeout(120_000);
useConsoleSamples('browser-screens-fr');

test('every screen in French, phone and desktop: no serious or critical axe violation, no sideways overflow', () => checkEveryScreen('fr'));
