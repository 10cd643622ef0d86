namespace CfgResults.Engine.Demo;

/// <summary>
/// SplitMix64: a tiny generator whose sequence for a seed is fixed by this code, not by the runtime
/// (System.Random's seeded sequence is not a documented contract), so a demo seed gives the same
/// session on every machine and every .NET version.
/// </summary>
internal sealed class DemoRandom(int seed)
{
    ulong _state = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + 0x2545F4914F6CDD1DUL);

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, max).</summary>
    public int Next(int max) => (int)(NextDouble() * max);

    /// <summary>Uniform in [min, max).</summary>
    public int Next(int min, int max) => min + Next(max - min);

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>Roughly normal (sum of four uniforms), mean 0, standard deviation 1.</summary>
    public double NextGaussian() => (NextDouble() + NextDouble() + NextDouble() + NextDouble() - 2.0) * Math.Sqrt(3.0);
}
