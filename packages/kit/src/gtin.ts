/** GS1 check digit of a GTIN body (the digits before the check digit): weights 3, 1, 3 … from the right. */
export function gtinCheckDigit(body: string): number {
  if (!/^\d+$/.test(body)) throw new Error(`GTIN body "${body}" must be digits`);
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10;
}

/** True for a GTIN-8, -12, -13 or -14 (digits only) whose last digit is its check digit. */
export function isGtin(value: string): boolean {
  return /^(\d{8}|\d{12,14})$/.test(value) && gtinCheckDigit(value.slice(0, -1)) === Number(value.at(-1));
}
