using CfgResults.Engine.Documents;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace CfgResults.Engine.Tests.Documents;

/// <summary>
/// The engine's QR encoder (<see cref="QrEncoder"/>) against two references: ZXing's decoder reads back every code it
/// makes, and QRCoder, whose codes the product printed before, makes the same modules wherever it encodes the text
/// the same way (one byte-mode segment).
/// </summary>
public sealed class QrEncoderTests
{
    /// <summary>ZXing's QR reader on a greyscale picture of the modules, three pixels per module, quiet zone included.</summary>
    static string? Decode(QrCode code)
    {
        const int scale = 3;
        int side = code.Size * scale;
        var pixels = new byte[side * side];
        for (int y = 0; y < side; y++)
            for (int x = 0; x < side; x++)
                pixels[y * side + x] = code.IsDark(x / scale, y / scale) ? (byte)0 : (byte)255;
        var source = new RGBLuminanceSource(pixels, side, side, RGBLuminanceSource.BitmapFormat.Gray8);
        var hints = new Dictionary<DecodeHintType, object> { [DecodeHintType.PURE_BARCODE] = true };
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)), hints)?.Text;
    }

    public static TheoryData<string> Values => new()
    {
        "https://resultats.example.fr/verification/7K2M-QX9D-4HTR",
        "http://localhost:5000/verification/AB12-CD34-EF56",
        "a",
        "0123456789012345678901234567890123456789", // numeric mode
        "HTTPS://RESULTATS.EXAMPLE.FR/V/7K2M-QX9D", // alphanumeric mode
        "Relevé de notes — Françoise Œlgaard « élève »", // beyond ASCII: UTF-8 with its ECI
        "Ștefan Țepeș",
        new string('x', 300), // version 13 and more: version information blocks
        new string('é', 1000), // 2,000 bytes in UTF-8
        string.Concat(Enumerable.Range(0, 2331).Select(i => (char)('a' + i % 26))), // the largest version-40 code
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void EveryCode_DecodesBackToItsText(string value)
    {
        var code = QrCode.Encode(value);

        Assert.Equal(value, Decode(code));
        Assert.Equal(0, (code.Size - 2 * QrCode.QuietZone - 17) % 4);
    }

    [Fact]
    public void AThousandVerificationAddresses_DecodeBack()
    {
        var random = new Random(20261205);
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        for (int n = 0; n < 1000; n++)
        {
            var codeText = string.Concat(Enumerable.Range(0, 14).Select(i => i is 4 or 9 ? '-' : alphabet[random.Next(alphabet.Length)]));
            var host = random.Next(3) switch { 0 => "http://localhost:5000", 1 => "https://resultats.ac-versailles.fr", _ => "https://cfg.example.org/examens" };
            var value = $"{host}/verification/{codeText}";

            Assert.Equal(value, Decode(QrCode.Encode(value)));
        }
    }

    /// <summary>
    /// QRCoder 1.8 splits a text into segments of several modes where that saves bits (an upper-case code in
    /// alphanumeric mode), this encoder keeps one: their modules are compared on lower-case texts, which both encode
    /// as one byte-mode segment, so that the version, the placement and the mask chosen must be the same.
    /// </summary>
    [Fact]
    public void FiveHundredLowerCaseTexts_HaveExactlyQRCodersModules()
    {
        var random = new Random(5);
        using var generator = new QRCoder.QRCodeGenerator();
        for (int n = 0; n < 500; n++)
        {
            var value = "https://resultats.example.fr/verification/" + string.Concat(Enumerable.Range(0, random.Next(1, 400)).Select(_ => (char)('a' + random.Next(26))));

            var code = QrCode.Encode(value);

            using var reference = generator.CreateQrCode(value, QRCoder.QRCodeGenerator.ECCLevel.M);
            Assert.Equal(reference.ModuleMatrix.Count, code.Size);
            for (int y = 0; y < code.Size; y++)
                for (int x = 0; x < code.Size; x++)
                    Assert.True(reference.ModuleMatrix[y][x] == code.IsDark(x, y), $"{value}: module ({x}, {y})");
        }
    }

    [Fact]
    public void TextTooLongForAnyVersion_IsAMarkupErrorAtItsPlace()
    {
        var value = string.Concat(Enumerable.Repeat("€", 900)); // 2,700 bytes in UTF-8

        var e = Assert.Throws<MarkupException>(() => DocumentPipeline.Layout($"<document>\n<qr value=\"{value}\"/></document>"));

        Assert.Equal(2, e.Line);
        Assert.Contains("2 331 octets", e.Message);
    }
}
