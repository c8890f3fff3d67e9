using System.Globalization;
using System.Text;
using QRCoder;

namespace MedPortal.Web.Identity;

/// <summary>
/// Draws an <c>otpauth://</c> URI as an inline SVG QR code. QRCoder computes the module matrix; the markup is one
/// <c>path</c> with presentation attributes only, so the strict CSP (no inline style needed) and scripting off both work.
/// </summary>
internal static class AuthenticatorQrCode
{
    public static string Svg(string text, string label)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var size = matrix.Count;
        var path = new StringBuilder();
        for (var y = 0; y < size; y++)
        {
            var row = matrix[y];
            for (var x = 0; x < size; x++)
            {
                if (!row[x])
                {
                    continue;
                }
                // One horizontal run per rectangle keeps the path short (a 33-module code is ~2 KB).
                var run = 1;
                while (x + run < size && row[x + run])
                {
                    run++;
                }
                path.Append(CultureInfo.InvariantCulture, $"M{x} {y}h{run}v1h-{run}z");
                x += run - 1;
            }
        }
        var title = System.Net.WebUtility.HtmlEncode(label);
        return $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"220\" height=\"220\" role=\"img\" aria-label=\"{title}\" shape-rendering=\"crispEdges\" data-testid=\"mfa-qr\">"
            + $"<rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>";
    }
}
