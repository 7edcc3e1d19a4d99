import type { AlertTexts } from './alert-texts';
import { displayName, known, localTime, sentences } from './alert-texts';

const years = (n: number) => (n === 1 ? '1 an' : `${n} ans`);
/** French agrees the participle with the child: "vu" / "vue", "retrouvé" / "retrouvée". */
const agree = (sex: 'female' | 'male', word: string) => (sex === 'female' ? `${word}e` : word);
const atPlace = (hasAddress: boolean, place: string) => (hasAddress ? `à ${place}` : `près de ${place}`);

export const frMA: AlertTexts = {
  event: (abducted) => (abducted ? 'Enfant enlevé' : 'Enfant disparu'),
  senderName: 'Direction générale de la Sûreté nationale (DGSN)',
  headline: (c) =>
    `${c.abducted ? 'Enlèvement' : 'Disparition'} : ${displayName(c)}, ${years(c.ageYears)}, ${agree(c.sex, 'vu')} pour la dernière fois ${atPlace(c.lastSeen.hasAddress, c.lastSeen.place)}`,
  description: (c) => {
    const when = localTime(c.lastSeen.at);
    const d = c.description;
    return sentences([
      `${displayName(c)} (${c.sex === 'female' ? 'fille' : 'garçon'}, ${years(c.ageYears)}) a été ${agree(c.sex, 'vu')} pour la dernière fois le ${when.date} à ${when.time} (${when.offset}) ${atPlace(c.lastSeen.hasAddress, c.lastSeen.place)}.`,
      known(d.heightCm, (v) => `Taille : ${v} cm.`),
      known(d.build, (v) => `Corpulence : ${v}.`),
      known(d.hair, (v) => `Cheveux : ${v}.`),
      known(d.eyes, (v) => `Yeux : ${v}.`),
      known(d.clothing, (v) => `Vêtements : ${v}.`),
      known(d.distinguishingMarks, (v) => `Signes distinctifs : ${v}.`),
      known(c.suspect, (s) => `Suspect : ${s.description}.`),
      known(c.suspect?.vehicle ?? null, (v) => `Véhicule : ${v}.`),
    ]);
  },
  instruction: (c, contact) =>
    `Si vous voyez ${c.sex === 'female' ? 'cette enfant' : 'cet enfant'} ou avez la moindre information, appelez immédiatement le ${contact} ou rendez-vous au commissariat le plus proche. N'intervenez pas vous-même.`,
  photoDescription: (c) => `Photo de ${displayName(c)}`,
  radiusArea: (km, place) => `Dans un rayon de ${km} km autour de ${place}`,
  nationalArea: (country) => `${country} (tout le territoire national)`,
  cancelHeadline: (name, reason) => (reason === 'found' ? `Fin de l'alerte : ${name} a été retrouvé(e)` : `Alerte retirée : ${name}`),
  cancelInstruction: () => "Merci de votre aide. Aucune action n'est nécessaire : veuillez ne plus diffuser cette alerte.",
};
