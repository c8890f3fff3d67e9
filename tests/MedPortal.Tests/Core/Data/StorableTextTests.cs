using MedPortal.Core.Data;

namespace MedPortal.Tests.Core.Data;

public sealed class StorableTextTests
{
    [Theory]
    [InlineData("chest pain")]
    [InlineData("emoji 😀 and accents é")]
    [InlineData("<script>alert(1)</script> '; DROP TABLE x; --")]
    [InlineData("bidi \u202E and zero-width \u200B and soft\u00ADhyphen")]
    public void Clean_StorableText_ReturnedUnchanged(string text)
    {
        Assert.True(StorableText.IsStorable(text));
        Assert.Same(text, StorableText.Clean(text));
    }

    private const char High = '\uD83D';
    private const char Low = '\uDFFF';

    // A loop, not a theory: xUnit serialises theory data as UTF-8, which turns an unpaired surrogate into U+FFFD before the test runs.
    private static readonly (string Text, string Expected)[] Unstorable =
    [
        ("a\0b", "ab"),
        ($"lone high {High} end", "lone high \uFFFD end"),
        ($"lone low {Low}", "lone low \uFFFD"),
        (High.ToString(), "\uFFFD"),
        ($"pair 😀 then lone {High}\0", "pair 😀 then lone \uFFFD"),
        ($"{Low}{High}", "\uFFFD\uFFFD"),
    ];

    [Fact]
    public void Clean_NulOrUnpairedSurrogate_DroppedOrReplaced()
    {
        foreach (var (text, expected) in Unstorable)
        {
            Assert.False(StorableText.IsStorable(text));
            Assert.Equal(expected, StorableText.Clean(text));
            Assert.True(StorableText.IsStorable(StorableText.Clean(text)));
        }
    }
}
