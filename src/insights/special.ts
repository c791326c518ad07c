/**
 * The few special functions the statistics need, written out so that their accuracy is known:
 * no dependency, and every formula has a reference in its comment.
 */

const HALF_LOG_TWO_PI = 0.9189385332046727; // ln(2π) / 2

/** z for a two-sided 95% interval and for α = 0.05 two-sided: Φ⁻¹(0.975). */
export const Z_975 = 1.959963984540054;
/** z for 80% power: Φ⁻¹(0.8). */
export const Z_80 = 0.8416212335729143;

/**
 * ln Γ(x) for x > 0. Below 15 the argument is shifted up with Γ(x) = Γ(x + k) / (x (x + 1) … (x + k − 1));
 * from 15 on, the Stirling series through the x⁻⁹ term, whose first omitted term is below 2.3e-16.
 * The relative error is a few ulps, so ln Γ(10⁶) ≈ 1.3e7 is off by about 1e-9 in absolute terms: a
 * relative error of 1e-9 in anything computed as exp of a difference of such logs.
 */
export function logGamma(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`logGamma needs a finite positive argument, got ${x}`);
  let shift = 1;
  while (x < 15) {
    shift *= x;
    x += 1;
  }
  const inverse = 1 / x;
  const inverse2 = inverse * inverse;
  const series = inverse * (1 / 12 - inverse2 * (1 / 360 - inverse2 * (1 / 1260 - inverse2 * (1 / 1680 - inverse2 / 1188))));
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + series - Math.log(shift);
}

/** ln n! for a whole n ≥ 0. */
export function logFactorial(n: number): number {
  return logGamma(n + 1);
}

/** ln of the binomial coefficient C(n, k). */
export function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/**
 * Φ(z), the standard normal distribution function, from erfc by the Chebyshev fit of Numerical
 * Recipes (2nd ed., §6.2, `erfcc`): relative error below 1.2e-7 everywhere, which is ample for
 * the one place it is used (the normal approximation of a posterior probability for huge counts).
 */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const y =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? y : 2 - y;
}

/**
 * A running sum of numbers given by their logarithms, kept as (largest log, sum scaled by it) so that
 * terms far below 1e-308 still add up exactly as their ratios say.
 */
export class LogSum {
  private max = -Infinity;
  private scaled = 0;

  add(logTerm: number): void {
    if (logTerm === -Infinity) return;
    if (logTerm <= this.max) {
      this.scaled += Math.exp(logTerm - this.max);
    } else {
      this.scaled = this.scaled * Math.exp(this.max - logTerm) + 1;
      this.max = logTerm;
    }
  }

  /** ln of the sum; −∞ when nothing was added. */
  log(): number {
    return this.max === -Infinity ? -Infinity : this.max + Math.log(this.scaled);
  }
}
