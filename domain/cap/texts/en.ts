import type { AlertTexts } from './alert-texts';
import { displayName, known, localTime, sentences } from './alert-texts';

const years = (n: number) => (n === 1 ? '1 year' : `${n} years`);
const sexWord = (sex: 'female' | 'male') => (sex === 'female' ? 'girl' : 'boy');

export const en: AlertTexts = {
  event: (abducted) => (abducted ? 'Abducted child' : 'Missing child'),
  senderName: 'Moroccan National Police (DGSN)',
  headline: (c) =>
    `${c.abducted ? 'Abducted child' : 'Missing child'}: ${displayName(c)}, ${years(c.ageYears)}, last seen ${c.lastSeen.hasAddress ? 'at' : 'near'} ${c.lastSeen.place}`,
  description: (c) => {
    const when = localTime(c.lastSeen.at);
    const d = c.description;
    return sentences([
      `${displayName(c)} (${sexWord(c.sex)}, ${years(c.ageYears)} old) was last seen on ${when.date} at ${when.time} (${when.offset}) ${c.lastSeen.hasAddress ? 'at' : 'near'} ${c.lastSeen.place}.`,
      known(d.heightCm, (v) => `Height: ${v} cm.`),
      known(d.build, (v) => `Build: ${v}.`),
      known(d.hair, (v) => `Hair: ${v}.`),
      known(d.eyes, (v) => `Eyes: ${v}.`),
      known(d.clothing, (v) => `Clothing: ${v}.`),
      known(d.distinguishingMarks, (v) => `Distinguishing marks: ${v}.`),
      known(c.suspect, (s) => `Suspect: ${s.description}.`),
      known(c.suspect?.vehicle ?? null, (v) => `Vehicle: ${v}.`),
    ]);
  },
  instruction: (_c, contact) =>
    `If you see this child or have any information, call ${contact} immediately or go to the nearest police station. Do not intervene yourself.`,
  photoDescription: (c) => `Photo of ${displayName(c)}`,
  radiusArea: (km, place) => `Within ${km} km of ${place}`,
  nationalArea: (country) => `${country} (nationwide)`,
  cancelHeadline: (name, reason) => (reason === 'found' ? `Alert cancelled: ${name} has been found` : `Alert withdrawn: ${name}`),
  cancelInstruction: () => 'Thank you for your help. No action is needed. Please stop sharing this alert.',
};
