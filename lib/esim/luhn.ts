// Luhn (ISO/IEC 7812-1 mod 10) check digits, as used by IMEIs and most
// ICCIDs.

const DIGITS = /^[0-9]+$/;

/**
 * Compute the Luhn check digit to append to a string of decimal digits.
 *
 * @param digits - the payload without its check digit, at least one digit
 * @returns the check digit, 0 to 9
 * @throws RangeError when `digits` is empty or contains anything but 0-9
 * @example
 * luhnCheckDigit("7992739871") // 3
 */
export function luhnCheckDigit(digits: string): number {
  if (!DIGITS.test(digits)) {
    throw new RangeError(
      `Luhn input must be one or more decimal digits, got "${digits}".`,
    );
  }

  // The check digit will sit to the right, so the rightmost payload digit is
  // the first one to double.
  const sum = weightedSum(digits, true);
  return (10 - (sum % 10)) % 10;
}

/**
 * Test whether a string of decimal digits ends with a valid Luhn check digit.
 *
 * @param digits - the payload followed by its check digit
 * @returns false for fewer than two digits or any character but 0-9
 * @example
 * isLuhnValid("79927398713") // true
 */
export function isLuhnValid(digits: string): boolean {
  if (digits.length < 2 || !DIGITS.test(digits)) {
    return false;
  }

  return weightedSum(digits, false) % 10 === 0;
}

function weightedSum(digits: string, doubleRightmost: boolean): number {
  let sum = 0;
  let double = doubleRightmost;

  for (let index = digits.length - 1; index >= 0; index -= 1) {
    let digit = digits.charCodeAt(index) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) {
        digit -= 9;
      }
    }
    sum += digit;
    double = !double;
  }

  return sum;
}
