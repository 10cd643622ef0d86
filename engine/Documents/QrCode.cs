namespace CfgResults.Engine.Documents;

/// <summary>
/// A QR code (error correction M, made by QRCoder) as its modules, quiet zone included: <see cref="Size"/> ×
/// <see cref="Size"/> pixels of one module each, one bit per pixel, each row padded to a byte, 1 for a light
/// module (a 1-bit DeviceGray image in PDF terms). The PDF draws these bits scaled without interpolation; the
/// HTML preview asks for a PNG (<see cref="Png"/>).
/// </summary>
public sealed class QrCode
{
    QrCode(string value, int size, byte[] bits)
    {
        Value = value;
        Size = size;
        Bits = bits;
    }

    /// <summary>What the code encodes.</summary>
    public string Value { get; }

    /// <summary>Modules per side, quiet zone included (41 for a version-4 code).</summary>
    public int Size { get; }

    /// <summary>The rows, top to bottom, <c>(Size + 7) / 8</c> bytes each, most significant bit first.</summary>
    public byte[] Bits { get; }

    public static QrCode Encode(string value)
    {
        using var generator = new QRCoder.QRCodeGenerator();
        using var data = generator.CreateQrCode(value, QRCoder.QRCodeGenerator.ECCLevel.M);
        var rows = data.ModuleMatrix;
        int size = rows.Count, stride = (size + 7) / 8;
        var bits = new byte[size * stride];
        for (int y = 0; y < size; y++)
        {
            var row = rows[y];
            for (int x = 0; x < size; x++)
                if (!row[x]) bits[y * stride + x / 8] |= (byte)(0x80 >> (x % 8));
            // The padding bits of the row's last byte stay 0: outside the image, never drawn.
        }
        return new QrCode(value, size, bits);
    }

    /// <summary>A PNG of one pixel per module (QRCoder's), for the HTML preview.</summary>
    public byte[] Png()
    {
        using var generator = new QRCoder.QRCodeGenerator();
        using var data = generator.CreateQrCode(Value, QRCoder.QRCodeGenerator.ECCLevel.M);
        return new QRCoder.PngByteQRCode(data).GetGraphic(1, [0, 0, 0, 255], [255, 255, 255, 255]);
    }
}
