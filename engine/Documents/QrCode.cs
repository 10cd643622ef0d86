namespace CfgResults.Engine.Documents;

/// <summary>
/// A QR code (error correction M, <see cref="QrEncoder"/>) as its modules, quiet zone included: <see cref="Size"/> ×
/// <see cref="Size"/> pixels of one module each, one bit per pixel, each row padded to a byte, 1 for a light module
/// (a 1-bit DeviceGray image in PDF terms). The PDF draws these bits scaled without interpolation; the HTML preview
/// shows the same modules as a PNG (<see cref="Png"/>, written by QRCoder).
/// </summary>
public sealed class QrCode
{
    /// <summary>Light modules around the symbol on each side, as the standard asks.</summary>
    public const int QuietZone = 4;

    readonly bool[] _symbol;
    readonly int _symbolSize;

    QrCode(string value, bool[] symbol, int symbolSize)
    {
        Value = value;
        _symbol = symbol;
        _symbolSize = symbolSize;
        Size = symbolSize + 2 * QuietZone;
        int stride = (Size + 7) / 8;
        var bits = new byte[Size * stride];
        for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
                if (!IsDark(x, y)) bits[y * stride + x / 8] |= (byte)(0x80 >> (x % 8));
        // The padding bits of a row's last byte stay 0: outside the image, never drawn.
        Bits = bits;
    }

    /// <summary>What the code encodes.</summary>
    public string Value { get; }

    /// <summary>Modules per side, quiet zone included (41 for a version-4 code).</summary>
    public int Size { get; }

    /// <summary>The rows, top to bottom, <c>(Size + 7) / 8</c> bytes each, most significant bit first.</summary>
    public byte[] Bits { get; }

    /// <summary>Whether the module at column <paramref name="x"/>, row <paramref name="y"/> (quiet zone included) is dark.</summary>
    public bool IsDark(int x, int y)
    {
        x -= QuietZone;
        y -= QuietZone;
        return x >= 0 && y >= 0 && x < _symbolSize && y < _symbolSize && _symbol[y * _symbolSize + x];
    }

    public static QrCode Encode(string value)
    {
        var (modules, size) = QrEncoder.Encode(value);
        return new QrCode(value, modules, size);
    }

    /// <summary>A PNG of one pixel per module, for the HTML preview: these modules, written by QRCoder's PNG writer.</summary>
    public byte[] Png()
    {
        using var data = new QRCoder.QRCodeData((_symbolSize - 17) / 4, addPadding: true);
        for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
                data.ModuleMatrix[y][x] = IsDark(x, y);
        return new QRCoder.PngByteQRCode(data).GetGraphic(1, [0, 0, 0, 255], [255, 255, 255, 255]);
    }
}
