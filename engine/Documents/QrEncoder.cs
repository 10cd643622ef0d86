using System.Numerics;
using System.Text;

namespace CfgResults.Engine.Documents;

/// <summary>
/// A QR code encoder (ISO/IEC 18004:2015, model 2) for what documents print: one segment (numeric, alphanumeric or
/// byte mode, the byte mode in ASCII or, with an ECI designator, UTF-8), error correction level M, the smallest
/// version that holds it, and the mask with the lowest penalty, scored as QRCoder scores it.
/// <para>
/// Why not QRCoder, which the rest of the product uses (the HTML preview's PNG, the tests' reference): a transcript
/// carries a QR code, and QRCoder took 0.19 ms to make one, a sixth of a transcript's whole cost, most of it scoring
/// the eight masks on <c>BitArray</c>s through delegates. Here the symbol is one byte per module and the masks are
/// computed inline: about a tenth of that (issue 9, item 6). Tests decode every code made here with ZXing and
/// compare the modules with QRCoder's where both choose the same encoding.
/// </para>
/// </summary>
internal static class QrEncoder
{
    /// <summary>The symbol's modules, row by row, true for dark; <c>Size</c> × <c>Size</c>, without the quiet zone.</summary>
    public static (bool[] Modules, int Size) Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var (bits, bitCount, version) = EncodeData(value);
        var codewords = AddErrorCorrection(bits, bitCount, version);
        int size = version * 4 + 17;
        var modules = new bool[size * size];
        var function = new bool[size * size];
        DrawFunctionPatterns(modules, function, size, version);
        PlaceData(modules, function, size, codewords);

        var masks = MaskPatterns.For(version, function, size);
        int best = size <= 64 ? BestMaskByRows(modules, size, masks) : BestMask(modules, size, masks);
        var pattern = masks.Modules[best];
        for (int i = 0; i < modules.Length; i++) modules[i] ^= pattern[i];
        DrawFormat(modules, size, best);
        return (modules, size);
    }

    // Level M, per version 1–40: data codewords in the whole symbol, error correction codewords per block, blocks of
    // group 1 and their data codewords, blocks of group 2 (each one more codeword). From ISO/IEC 18004 table 9.
    static readonly short[] EccM =
    [
        16, 10, 1, 16, 0, 28, 16, 1, 28, 0, 44, 26, 1, 44, 0, 64, 18, 2, 32, 0, 86, 24, 2, 43, 0,
        108, 16, 4, 27, 0, 124, 18, 4, 31, 0, 154, 22, 2, 38, 2, 182, 22, 3, 36, 2, 216, 26, 4, 43, 1,
        254, 30, 1, 50, 4, 290, 22, 6, 36, 2, 334, 22, 8, 37, 1, 365, 24, 4, 40, 5, 415, 24, 5, 41, 5,
        453, 28, 7, 45, 3, 507, 28, 10, 46, 1, 563, 26, 9, 43, 4, 627, 26, 3, 44, 11, 669, 26, 3, 41, 13,
        714, 26, 17, 42, 0, 782, 28, 17, 46, 0, 860, 28, 4, 47, 14, 914, 28, 6, 45, 14, 1000, 28, 8, 47, 13,
        1062, 28, 19, 46, 4, 1128, 28, 22, 45, 3, 1193, 28, 3, 45, 23, 1267, 28, 21, 45, 7, 1373, 28, 19, 47, 10,
        1455, 28, 2, 46, 29, 1541, 28, 10, 46, 23, 1631, 28, 14, 46, 21, 1725, 28, 14, 46, 23, 1812, 28, 12, 47, 26,
        1914, 28, 6, 47, 34, 1992, 28, 29, 46, 14, 2102, 28, 13, 46, 32, 2216, 28, 40, 47, 7, 2334, 28, 18, 47, 31,
    ];

    static readonly byte[] RemainderBits = [0, 7, 7, 7, 7, 7, 0, 0, 0, 0, 0, 0, 0, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0, 0];

    const string Alphanumeric = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

    enum Mode { Numeric = 1, Alphanumeric = 2, Byte = 4 }

    /// <summary>The data bit stream (mode, count, data, terminator, padding) in the smallest version that holds it.</summary>
    static (byte[] Bits, int Count, int Version) EncodeData(string value)
    {
        var mode = Mode.Numeric;
        foreach (char c in value)
        {
            if (c is >= '0' and <= '9') continue;
            if (Alphanumeric.Contains(c)) mode = mode == Mode.Byte ? Mode.Byte : Mode.Alphanumeric;
            else mode = Mode.Byte;
        }
        byte[] bytes = [];
        bool utf8 = false;
        if (mode == Mode.Byte)
        {
            // ASCII as it is; anything else in UTF-8 with its ECI designator, which readers honour, rather than
            // ISO-8859-1 without one, which they guess at (ZXing reads Latin-1 « é » as something else).
            utf8 = value.Any(c => c > 0x7F);
            bytes = utf8 ? Encoding.UTF8.GetBytes(value) : Encoding.ASCII.GetBytes(value);
        }
        int count = mode == Mode.Byte ? bytes.Length : value.Length;
        int dataBits = mode switch
        {
            Mode.Numeric => count / 3 * 10 + (count % 3 == 0 ? 0 : count % 3 == 1 ? 4 : 7),
            Mode.Alphanumeric => count / 2 * 11 + count % 2 * 6,
            _ => count * 8,
        };
        for (int version = 1; version <= 40; version++)
        {
            int countBits = CountBits(mode, version);
            int capacity = EccM[(version - 1) * 5] * 8;
            int needed = (utf8 ? 12 : 0) + 4 + countBits + dataBits;
            if (needed > capacity || count >= 1 << countBits) continue;

            var w = new BitWriter(capacity / 8);
            if (utf8) w.Write(0b0111_00011010, 12); // ECI 26: UTF-8
            w.Write((int)mode, 4);
            w.Write(count, countBits);
            switch (mode)
            {
                case Mode.Numeric:
                    for (int i = 0; i < count; i += 3)
                    {
                        int n = Math.Min(3, count - i);
                        w.Write(int.Parse(value.AsSpan(i, n), System.Globalization.CultureInfo.InvariantCulture), n * 3 + 1);
                    }
                    break;
                case Mode.Alphanumeric:
                    for (int i = 0; i < count; i += 2)
                    {
                        if (i + 1 < count) w.Write(Alphanumeric.IndexOf(value[i]) * 45 + Alphanumeric.IndexOf(value[i + 1]), 11);
                        else w.Write(Alphanumeric.IndexOf(value[i]), 6);
                    }
                    break;
                default:
                    foreach (byte b in bytes) w.Write(b, 8);
                    break;
            }
            w.Write(0, Math.Min(4, capacity - w.Count)); // terminator
            w.Write(0, (8 - w.Count % 8) % 8);
            for (int pad = 0xEC; w.Count < capacity; pad ^= 0xEC ^ 0x11) w.Write(pad, 8);
            return (w.Bytes, w.Count, version);
        }
        throw new ArgumentException(DocumentMessages.QrTooLong(value.Length), nameof(value));
    }

    static int CountBits(Mode mode, int version) => mode switch
    {
        Mode.Numeric => version <= 9 ? 10 : version <= 26 ? 12 : 14,
        Mode.Alphanumeric => version <= 9 ? 9 : version <= 26 ? 11 : 13,
        _ => version <= 9 ? 8 : 16,
    };

    sealed class BitWriter(int bytes)
    {
        public readonly byte[] Bytes = new byte[bytes];
        public int Count;

        public void Write(int value, int bits)
        {
            for (int i = bits - 1; i >= 0; i--, Count++)
                if (((value >> i) & 1) != 0) Bytes[Count >> 3] |= (byte)(0x80 >> (Count & 7));
        }
    }

    /// <summary>The data split into blocks, each block's Reed–Solomon codewords, both interleaved (§7.6).</summary>
    static byte[] AddErrorCorrection(byte[] data, int bitCount, int version)
    {
        int row = (version - 1) * 5;
        int eccPerBlock = EccM[row + 1], blocks1 = EccM[row + 2], data1 = EccM[row + 3], blocks2 = EccM[row + 4];
        int blocks = blocks1 + blocks2;
        var generator = Generator(eccPerBlock);
        var result = new byte[data.Length + blocks * eccPerBlock];
        var ecc = new byte[blocks * eccPerBlock];
        int offset = 0;
        for (int b = 0; b < blocks; b++)
        {
            int length = b < blocks1 ? data1 : data1 + 1;
            Remainder(data.AsSpan(offset, length), generator, ecc.AsSpan(b * eccPerBlock, eccPerBlock));
            offset += length;
        }
        int k = 0;
        for (int i = 0; i <= data1; i++)
        {
            int start = 0;
            for (int b = 0; b < blocks; b++)
            {
                int length = b < blocks1 ? data1 : data1 + 1;
                if (i < length) result[k++] = data[start + i];
                start += length;
            }
        }
        for (int i = 0; i < eccPerBlock; i++)
            for (int b = 0; b < blocks; b++) result[k++] = ecc[b * eccPerBlock + i];
        return result;
    }

    static readonly byte[] Exp = new byte[512], Log = new byte[256];

    static QrEncoder()
    {
        int x = 1;
        for (int i = 0; i < 255; i++)
        {
            Exp[i] = (byte)x;
            Log[x] = (byte)i;
            x <<= 1;
            if (x >= 256) x ^= 0x11D;
        }
        for (int i = 255; i < 512; i++) Exp[i] = Exp[i - 255];
    }

    static byte Multiply(int a, int b) => a == 0 || b == 0 ? (byte)0 : Exp[Log[a] + Log[b]];

    static readonly byte[]?[] Generators = new byte[]?[31];

    /// <summary>The generator polynomial of degree <paramref name="degree"/>, coefficients from the highest power, leading 1 left out.</summary>
    static byte[] Generator(int degree)
    {
        if (Generators[degree] is { } known) return known;
        var g = new byte[degree];
        g[degree - 1] = 1;
        int root = 1;
        for (int i = 0; i < degree; i++)
        {
            for (int j = 0; j < degree; j++)
            {
                g[j] = Multiply(g[j], root);
                if (j + 1 < degree) g[j] ^= g[j + 1];
            }
            root = Multiply(root, 2);
        }
        return Generators[degree] = g;
    }

    static void Remainder(ReadOnlySpan<byte> data, byte[] generator, Span<byte> result)
    {
        result.Clear();
        foreach (byte b in data)
        {
            int factor = b ^ result[0];
            result[1..].CopyTo(result);
            result[^1] = 0;
            for (int i = 0; i < generator.Length; i++) result[i] ^= Multiply(generator[i], factor);
        }
    }

    static void Set(bool[] modules, bool[] function, int size, int x, int y, bool dark)
    {
        modules[y * size + x] = dark;
        function[y * size + x] = true;
    }

    static void DrawFunctionPatterns(bool[] modules, bool[] function, int size, int version)
    {
        for (int i = 0; i < size; i++)
        {
            Set(modules, function, size, 6, i, i % 2 == 0);
            Set(modules, function, size, i, 6, i % 2 == 0);
        }
        DrawFinder(modules, function, size, 3, 3);
        DrawFinder(modules, function, size, size - 4, 3);
        DrawFinder(modules, function, size, 3, size - 4);
        var positions = AlignmentPositions(version);
        int n = positions.Length;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                if ((i == 0 && j == 0) || (i == 0 && j == n - 1) || (i == n - 1 && j == 0)) continue; // the finders' corners
                for (int dy = -2; dy <= 2; dy++)
                    for (int dx = -2; dx <= 2; dx++)
                        Set(modules, function, size, positions[i] + dx, positions[j] + dy, Math.Max(Math.Abs(dx), Math.Abs(dy)) != 1);
            }
        // The format areas are reserved here and drawn once the mask is chosen.
        for (int i = 0; i < 15; i++)
        {
            var (x1, y1, x2, y2) = FormatPlaces(size, i);
            function[y1 * size + x1] = true;
            function[y2 * size + x2] = true;
        }
        Set(modules, function, size, 8, size - 8, true); // the dark module
        if (version >= 7)
        {
            int remainder = version;
            for (int i = 0; i < 12; i++) remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25);
            int bits = version << 12 | remainder;
            for (int i = 0; i < 18; i++)
            {
                bool dark = ((bits >> i) & 1) != 0;
                int a = size - 11 + i % 3, b = i / 3;
                Set(modules, function, size, a, b, dark);
                Set(modules, function, size, b, a, dark);
            }
        }
    }

    static void DrawFinder(bool[] modules, bool[] function, int size, int cx, int cy)
    {
        for (int dy = -4; dy <= 4; dy++)
            for (int dx = -4; dx <= 4; dx++)
            {
                int x = cx + dx, y = cy + dy, distance = Math.Max(Math.Abs(dx), Math.Abs(dy));
                if (x >= 0 && x < size && y >= 0 && y < size) Set(modules, function, size, x, y, distance != 2 && distance != 4);
            }
    }

    static int[] AlignmentPositions(int version)
    {
        if (version == 1) return [];
        int count = version / 7 + 2;
        int step = version == 32 ? 26 : (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2;
        var result = new int[count];
        result[0] = 6;
        for (int i = count - 1, position = version * 4 + 10; i >= 1; i--, position -= step) result[i] = position;
        return result;
    }

    /// <summary>Where bit <paramref name="i"/> of the format information goes, in both copies (x, y).</summary>
    static (int X1, int Y1, int X2, int Y2) FormatPlaces(int size, int i)
    {
        var first = i <= 5 ? (8, i) : i == 6 ? (8, 7) : i == 7 ? (8, 8) : i == 8 ? (7, 8) : (14 - i, 8);
        var second = i < 8 ? (size - 1 - i, 8) : (8, size - 15 + i);
        return (first.Item1, first.Item2, second.Item1, second.Item2);
    }

    /// <summary>The 15 format bits: level M (00) and the mask, BCH(15,5), XOR 101010000010010.</summary>
    static int FormatBits(int mask)
    {
        int data = 0b00 << 3 | mask;
        int remainder = data;
        for (int i = 0; i < 10; i++) remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537);
        return (data << 10 | remainder) ^ 0x5412;
    }

    static void DrawFormat(bool[] modules, int size, int mask)
    {
        int bits = FormatBits(mask);
        for (int i = 0; i < 15; i++)
        {
            bool dark = ((bits >> i) & 1) != 0;
            var (x1, y1, x2, y2) = FormatPlaces(size, i);
            modules[y1 * size + x1] = dark;
            modules[y2 * size + x2] = dark;
        }
    }

    /// <summary>The codewords, then the remainder bits (light), in the zigzag of two-module columns (§7.7.3).</summary>
    static void PlaceData(bool[] modules, bool[] function, int size, byte[] codewords)
    {
        int i = 0, total = codewords.Length * 8;
        for (int right = size - 1; right >= 1; right -= 2)
        {
            if (right == 6) right = 5;
            for (int vertical = 0; vertical < size; vertical++)
                for (int j = 0; j < 2; j++)
                {
                    int x = right - j;
                    bool upward = ((right + 1) & 2) == 0;
                    int y = upward ? size - 1 - vertical : vertical;
                    if (function[y * size + x]) continue;
                    if (i < total) modules[y * size + x] = ((codewords[i >> 3] >> (7 - (i & 7))) & 1) != 0;
                    i++;
                }
        }
    }

    /// <summary>
    /// The eight mask patterns of one version, made once: where each inverts a data module (never a function module),
    /// as one flag per module and, for symbols of at most 64 modules a side, as row and column bit sets.
    /// </summary>
    sealed class MaskPatterns
    {
        static readonly MaskPatterns?[] Versions = new MaskPatterns?[41];

        public readonly bool[][] Modules = new bool[8][];
        public readonly ulong[][] Rows = new ulong[8][];
        public readonly ulong[][] Columns = new ulong[8][];

        public static MaskPatterns For(int version, bool[] function, int size) =>
            Versions[version] ??= new MaskPatterns(function, size); // the same for every code of the version: a race only makes it twice

        MaskPatterns(bool[] function, int size)
        {
            for (int mask = 0; mask < 8; mask++)
            {
                var modules = new bool[size * size];
                var rows = new ulong[size];
                var columns = new ulong[size];
                for (int y = 0; y < size; y++)
                    for (int x = 0; x < size; x++)
                    {
                        if (function[y * size + x] || !Inverts(mask, x, y)) continue;
                        modules[y * size + x] = true;
                        if (size > 64) continue;
                        rows[y] |= 1UL << x;
                        columns[x] |= 1UL << y;
                    }
                Modules[mask] = modules;
                Rows[mask] = rows;
                Columns[mask] = columns;
            }
        }

        static bool Inverts(int mask, int x, int y) => mask switch
        {
            0 => (x + y) % 2 == 0,
            1 => y % 2 == 0,
            2 => x % 3 == 0,
            3 => (x + y) % 3 == 0,
            4 => (x / 3 + y / 2) % 2 == 0,
            5 => x * y % 2 + x * y % 3 == 0,
            6 => (x * y % 2 + x * y % 3) % 2 == 0,
            _ => ((x + y) % 2 + x * y % 3) % 2 == 0,
        };
    }

    /// <summary>The mask with the lowest penalty, each trial on a copy of the modules (symbols over 64 modules a side).</summary>
    static int BestMask(bool[] modules, int size, MaskPatterns masks)
    {
        int best = 0, bestScore = int.MaxValue;
        var trial = new bool[modules.Length];
        for (int mask = 0; mask < 8; mask++)
        {
            var pattern = masks.Modules[mask];
            for (int i = 0; i < trial.Length; i++) trial[i] = modules[i] ^ pattern[i];
            DrawFormat(trial, size, mask);
            int score = Penalty(trial, size);
            if (score < bestScore)
            {
                best = mask;
                bestScore = score;
            }
        }
        return best;
    }

    /// <summary>
    /// The mask with the lowest penalty for a symbol of at most 64 modules a side (version 11, 254 bytes at level M):
    /// each row and each column is one 64-bit set, and the four rules are counted with shifts and population counts.
    /// Same scores as <see cref="Penalty"/>.
    /// </summary>
    static int BestMaskByRows(bool[] modules, int size, MaskPatterns masks)
    {
        Span<ulong> dataRows = stackalloc ulong[size], dataColumns = stackalloc ulong[size];
        Span<ulong> rows = stackalloc ulong[size], columns = stackalloc ulong[size];
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
                if (modules[y * size + x])
                {
                    dataRows[y] |= 1UL << x;
                    dataColumns[x] |= 1UL << y;
                }
        int best = 0, bestScore = int.MaxValue;
        for (int mask = 0; mask < 8; mask++)
        {
            var maskRows = masks.Rows[mask];
            var maskColumns = masks.Columns[mask];
            for (int i = 0; i < size; i++)
            {
                rows[i] = dataRows[i] ^ maskRows[i];
                columns[i] = dataColumns[i] ^ maskColumns[i];
            }
            int bits = FormatBits(mask);
            for (int i = 0; i < 15; i++)
            {
                bool on = ((bits >> i) & 1) != 0;
                var (x1, y1, x2, y2) = FormatPlaces(size, i);
                SetBit(rows, columns, x1, y1, on);
                SetBit(rows, columns, x2, y2, on);
            }
            int score = LinesPenalty(rows, size) + LinesPenalty(columns, size);
            // Rule 2: 2 × 2 blocks of one colour.
            ulong all = size == 64 ? ulong.MaxValue : (1UL << size) - 1, blockStarts = all >> 1;
            int dark = 0;
            for (int y = 0; y < size; y++)
            {
                dark += BitOperations.PopCount(rows[y]);
                if (y == size - 1) break;
                ulong sameBelow = ~(rows[y] ^ rows[y + 1]) & all;
                ulong sameRight = ~(rows[y] ^ (rows[y] >> 1)) & blockStarts;
                score += 3 * BitOperations.PopCount(sameBelow & (sameBelow >> 1) & sameRight);
            }
            // Rule 4: dark modules away from half.
            int percentDiv5 = dark * 20 / (size * size);
            score += Math.Min(Math.Abs(percentDiv5 - 10), Math.Abs(percentDiv5 - 9)) * 10;
            if (score < bestScore)
            {
                best = mask;
                bestScore = score;
            }
        }
        return best;
    }

    static void SetBit(Span<ulong> rows, Span<ulong> columns, int x, int y, bool dark)
    {
        if (dark)
        {
            rows[y] |= 1UL << x;
            columns[x] |= 1UL << y;
        }
        else
        {
            rows[y] &= ~(1UL << x);
            columns[x] &= ~(1UL << y);
        }
    }

    /// <summary>Rules 1 and 3 over rows (or columns), bit i of a line being module i.</summary>
    static int LinesPenalty(ReadOnlySpan<ulong> lines, int size)
    {
        ulong all = size == 64 ? ulong.MaxValue : (1UL << size) - 1;
        ulong runStarts = all >> 4, patternStarts = all >> 10;
        int score = 0;
        foreach (ulong line in lines)
        {
            ulong light = ~line & all;
            // Rule 1: a run of n ≥ 5 costs 3 + (n − 5): one per window of five, plus two per run.
            ulong darkRuns = line & (line >> 1) & (line >> 2) & (line >> 3) & (line >> 4) & runStarts;
            ulong lightRuns = light & (light >> 1) & (light >> 2) & (light >> 3) & (light >> 4) & runStarts;
            score += BitOperations.PopCount(darkRuns) + 2 * BitOperations.PopCount(darkRuns & ~(darkRuns << 1))
                + BitOperations.PopCount(lightRuns) + 2 * BitOperations.PopCount(lightRuns & ~(lightRuns << 1));
            // Rule 3: 1011101 then 0000, or 0000 then 1011101, starting at each of the first size − 10 modules.
            ulong first = line & (light >> 1) & (line >> 2) & (line >> 3) & (line >> 4) & (light >> 5) & (line >> 6)
                & (light >> 7) & (light >> 8) & (light >> 9) & (light >> 10) & patternStarts;
            ulong second = light & (light >> 1) & (light >> 2) & (light >> 3) & (line >> 4) & (light >> 5) & (line >> 6)
                & (line >> 7) & (line >> 8) & (light >> 9) & (line >> 10) & patternStarts;
            score += 40 * (BitOperations.PopCount(first) + BitOperations.PopCount(second));
        }
        return score;
    }

    /// <summary>The four penalty rules, as QRCoder 1.8 computes them (so that both choose the same mask).</summary>
    static int Penalty(bool[] m, int size)
    {
        int score = 0;
        // Rule 1: runs of five or more modules of one colour, in rows and columns.
        for (int a = 0; a < size; a++)
        {
            int rowRun = 0, columnRun = 0;
            bool rowLast = m[a * size], columnLast = m[a];
            for (int b = 0; b < size; b++)
            {
                bool r = m[a * size + b], c = m[b * size + a];
                rowRun = r == rowLast ? rowRun + 1 : 1;
                rowLast = r;
                if (rowRun == 5) score += 3; else if (rowRun > 5) score++;
                columnRun = c == columnLast ? columnRun + 1 : 1;
                columnLast = c;
                if (columnRun == 5) score += 3; else if (columnRun > 5) score++;
            }
        }
        // Rule 2: 2 × 2 blocks of one colour.
        for (int y = 0; y < size - 1; y++)
            for (int x = 0; x < size - 1; x++)
            {
                bool v = m[y * size + x];
                if (v == m[y * size + x + 1] && v == m[(y + 1) * size + x] && v == m[(y + 1) * size + x + 1]) score += 3;
            }
        // Rule 3: 1:1:3:1:1 finder-like patterns with four light modules on one side, in rows and columns.
        for (int a = 0; a < size; a++)
            for (int b = 0; b < size - 10; b++)
            {
                if (FinderLike(m, a * size + b, 1)) score += 40;
                if (FinderLike(m, b * size + a, size)) score += 40;
            }
        // Rule 4: dark modules away from half.
        int dark = 0;
        foreach (bool v in m) if (v) dark++;
        int percentDiv5 = dark * 20 / (size * size);
        score += Math.Min(Math.Abs(percentDiv5 - 10), Math.Abs(percentDiv5 - 9)) * 10;
        return score;
    }

    /// <summary>Dark-light-dark-dark-dark-light-dark then four light (or the mirror), from <paramref name="at"/> by <paramref name="step"/>.</summary>
    static bool FinderLike(bool[] m, int at, int step)
    {
        bool D(int k) => m[at + k * step];
        if (D(0) && !D(1) && D(2) && D(3) && D(4) && !D(5) && D(6) && !D(7) && !D(8) && !D(9) && !D(10)) return true;
        return !D(0) && !D(1) && !D(2) && !D(3) && D(4) && !D(5) && D(6) && D(7) && D(8) && !D(9) && D(10);
    }
}
