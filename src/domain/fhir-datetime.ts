// FHIR STU3 date/time primitives (NRLS-PROF-022): the datatype regexes, plus a calendar check so that
// 2018-02-30 is refused too.

// The regexes are built from their parts (the same source as one literal) to keep within 120 columns.
const TIME = String.raw`([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?`;
const ZONE = '(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))';
const DATE_TIME = new RegExp(`^-?([0-9]{4})(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01])(T${TIME}${ZONE})?)?)?$`);
const INSTANT = new RegExp(`^-?([0-9]{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T${TIME}${ZONE}$`);

function dayExists(year: number, month: number, day: number): boolean {
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** A FHIR `dateTime`: a year, year-month, date, or date and time with a time zone. */
export function isFhirDateTime(value: string): boolean {
  const match = DATE_TIME.exec(value);
  if (!match) return false;
  return match[5] === undefined || dayExists(Number(match[1]), Number(match[3]), Number(match[5]));
}

/** A FHIR `instant`: date and time to at least the second, with a time zone. */
export function isFhirInstant(value: string): boolean {
  const match = INSTANT.exec(value);
  return match !== null && dayExists(Number(match[1]), Number(match[2]), Number(match[3]));
}
