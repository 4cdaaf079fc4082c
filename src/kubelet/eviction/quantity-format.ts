// Whole-number quantities printed as upstream's Quantity.String() prints values built with
// NewQuantity(n, BinarySI | DecimalSI), because eviction messages end up in pod status and events
// where users compare them with their own "100Mi"s.

const decimalSuffixes = ['', 'k', 'M', 'G', 'T', 'P', 'E'];
const binarySuffixes = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/** n in DecimalSI: trailing thousands become k, M, G, ... ("5000000" → "5M", "1500" → "1500"). */
export function formatDecimalSI(n: number): string {
  let v = Math.trunc(n);
  let i = 0;
  while (v !== 0 && v % 1000 === 0 && i < decimalSuffixes.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v}${decimalSuffixes[i]}`;
}

/** n in BinarySI: below 1024 printed as decimal, else whole powers of 1024 become Ki, Mi, ... */
export function formatBinarySI(n: number): string {
  let v = Math.trunc(n);
  if (v > -1024 && v < 1024) return formatDecimalSI(v);
  let i = 0;
  while (v % 1024 === 0 && i < binarySuffixes.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v}${binarySuffixes[i]}`;
}
