// Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource: <number><suffix>, suffix binary, decimal SI or
// an exponent), compared exactly: a request above its limit is refused by the API server, so config must see it first.

/** value = digits × 10^exponent10 × 2^exponent2, exactly. */
interface Quantity {
  digits: bigint;
  exponent10: number;
  exponent2: number;
}

const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const grammar = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

export function parseQuantity(text: string): Quantity {
  const match = grammar.exec(text);
  if (!match) throw new Error(`${JSON.stringify(text)} is not a Kubernetes quantity`);
  const [, number, suffix = ""] = match as unknown as [string, string, string | undefined];
  const [whole, fraction = ""] = number.split(".");
  const digits = BigInt(`${whole}${fraction}`);
  const scale = -fraction.length;
  if (suffix in binarySuffixes) return { digits, exponent10: scale, exponent2: binarySuffixes[suffix]! };
  if (suffix in decimalSuffixes) return { digits, exponent10: scale + decimalSuffixes[suffix]!, exponent2: 0 };
  return { digits, exponent10: scale + Number(suffix.slice(1)), exponent2: 0 };
}

/** Both quantities as integers over one common power of ten. */
function scaled(a: Quantity, b: Quantity): [bigint, bigint] {
  const shift = Math.max(0, -a.exponent10, -b.exponent10);
  const integer = (q: Quantity) => q.digits * 10n ** BigInt(q.exponent10 + shift) * 2n ** BigInt(q.exponent2);
  return [integer(a), integer(b)];
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function compareQuantities(a: string, b: string): -1 | 0 | 1 {
  const [left, right] = scaled(parseQuantity(a), parseQuantity(b));
  return left === right ? 0 : left < right ? -1 : 1;
}

/** A memory quantity in whole MiB, rounded down. */
export function quantityMiB(text: string): number {
  const { digits, exponent10, exponent2 } = parseQuantity(text);
  const numerator = digits * 10n ** BigInt(Math.max(0, exponent10)) * 2n ** BigInt(exponent2);
  const denominator = 10n ** BigInt(Math.max(0, -exponent10)) * 2n ** 20n;
  return Number(numerator / denominator);
}
