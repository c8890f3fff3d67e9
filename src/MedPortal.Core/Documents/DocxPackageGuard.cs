using System.IO.Compression;
using System.Xml;

namespace MedPortal.Core.Documents;

/// <summary>
/// Checks a Word document's zip package before anything parses it: the number of parts, the total unzipped size and
/// the compression ratio are measured by actually inflating every part (declared sizes in a zip can lie), and every
/// relationship that points outside the package is counted and reported, never followed.
/// </summary>
public static class DocxPackageGuard
{
    /// <summary>Inspects <paramref name="package"/>.</summary>
    /// <exception cref="DocumentUnreadableException">The package is a zip bomb, too large unzipped, or not a valid zip; the message says which.</exception>
    public static DocxPackageReport Inspect(byte[] package, DocumentOptions options)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            using var zip = new ZipArchive(new MemoryStream(package, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > options.MaxDocxEntries)
            {
                throw new DocumentUnreadableException($"This Word document has {zip.Entries.Count:N0} parts; at most {options.MaxDocxEntries:N0} are accepted.");
            }
            long total = 0;
            var external = new List<string>();
            foreach (var entry in zip.Entries)
            {
                var inflated = MeasureEntry(entry, options, options.MaxDocxUncompressedBytes - total);
                total += inflated;
                if (entry.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase))
                {
                    external.AddRange(ExternalTargets(entry));
                }
            }
            if (total > 1024 * 1024 && total > (long)options.MaxDocxCompressionRatio * Math.Max(package.Length, 1))
            {
                throw ZipBomb();
            }
            return new DocxPackageReport(zip.Entries.Count, total, external);
        }
        catch (InvalidDataException)
        {
            throw new DocumentUnreadableException("This Word document is damaged: its zip package cannot be read.");
        }
    }

    private static long MeasureEntry(ZipArchiveEntry entry, DocumentOptions options, long budget)
    {
        using var stream = entry.Open();
        var buffer = new byte[81920];
        long size = 0;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            size += read;
            if (size > budget)
            {
                throw new DocumentUnreadableException(
                    $"This Word document unzips to more than {options.MaxDocxUncompressedBytes / (1024 * 1024):N0} MB; it was refused as a possible zip bomb.");
            }
            if (size > 1024 * 1024 && size > (long)options.MaxDocxCompressionRatio * Math.Max(entry.CompressedLength, 1))
            {
                throw ZipBomb();
            }
        }
        return size;
    }

    private static DocumentUnreadableException ZipBomb() =>
        new("This Word document is compressed far more than real documents are; it was refused as a possible zip bomb.");

    // Relationship parts are small XML; DTDs are refused so that no entity expansion or external entity is possible.
    private static IEnumerable<string> ExternalTargets(ZipArchiveEntry entry)
    {
        var targets = new List<string>();
        using var stream = entry.Open();
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        try
        {
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Relationship"
                    && string.Equals(reader.GetAttribute("TargetMode"), "External", StringComparison.OrdinalIgnoreCase))
                {
                    var type = reader.GetAttribute("Type") ?? "";
                    targets.Add(type[(type.LastIndexOf('/') + 1)..]);
                }
            }
        }
        catch (XmlException)
        {
            throw new DocumentUnreadableException("This Word document is damaged: one of its relationship parts is not valid XML.");
        }
        return targets;
    }
}

/// <summary>What <see cref="DocxPackageGuard"/> found.</summary>
/// <param name="Entries">Parts in the package.</param>
/// <param name="UncompressedBytes">Total size of the parts unzipped.</param>
/// <param name="ExternalRelationships">The type (last path segment, e.g. <c>hyperlink</c>, <c>attachedTemplate</c>) of each relationship pointing outside the package; none is followed.</param>
public sealed record DocxPackageReport(int Entries, long UncompressedBytes, IReadOnlyList<string> ExternalRelationships);
