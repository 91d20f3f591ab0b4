/**
 * SIRENE's `typeVoieEtablissement` codes, written out (INSEE, "Dessin du fichier StockEtablissement").
 * An unknown code is kept as given.
 */
export const STREET_TYPES: Readonly<Record<string, string>> = {
  ALL: 'allée',
  AV: 'avenue',
  BD: 'boulevard',
  CAR: 'carrefour',
  CHE: 'chemin',
  CHS: 'chaussée',
  CITE: 'cité',
  COR: 'corniche',
  CRS: 'cours',
  DOM: 'domaine',
  DSC: 'descente',
  ECA: 'écart',
  ESP: 'esplanade',
  FG: 'faubourg',
  GR: 'grande rue',
  HAM: 'hameau',
  HLE: 'halle',
  IMP: 'impasse',
  LD: 'lieu-dit',
  LOT: 'lotissement',
  MAR: 'marché',
  MTE: 'montée',
  PARC: 'parc',
  PAS: 'passage',
  PL: 'place',
  PLN: 'plaine',
  PLT: 'plateau',
  PRO: 'promenade',
  PRV: 'parvis',
  QUA: 'quartier',
  QUAI: 'quai',
  RES: 'résidence',
  RLE: 'ruelle',
  ROC: 'rocade',
  RPT: 'rond-point',
  RTE: 'route',
  RUE: 'rue',
  SEN: 'sente',
  SQ: 'square',
  TPL: 'terre-plein',
  TRA: 'traverse',
  VLA: 'villa',
  VLGE: 'village',
};

/** `indiceRepetitionEtablissement`: B → bis, T → ter, Q → quater, C → quinquies. */
const REPETITION: Readonly<Record<string, string>> = { B: 'bis', T: 'ter', Q: 'quater', C: 'quinquies' };

/**
 * The street line from SIRENE's parts: `12`, `B`, `AV`, `DE LA MARINE` → `12 bis avenue DE LA MARINE`.
 * Empty parts are left out; no part at all gives undefined.
 */
export function sireneAddressLine(number?: string, repetition?: string, streetType?: string, streetName?: string): string | undefined {
  const type = streetType?.trim();
  const index = repetition?.trim();
  const parts = [
    number?.trim(),
    index ? (REPETITION[index.toUpperCase()] ?? index) : undefined,
    type ? (STREET_TYPES[type.toUpperCase()] ?? type) : undefined,
    streetName?.trim(),
  ].filter((part): part is string => !!part);
  return parts.length > 0 ? parts.join(' ') : undefined;
}
