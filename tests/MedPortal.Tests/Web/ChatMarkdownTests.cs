using MedPortal.Web.Chat;

namespace MedPortal.Tests.Web;

public sealed class ChatMarkdownTests
{
    [Fact]
    public void ToHtml_RawHtml_Escaped()
    {
        var html = ChatMarkdown.ToHtml("<script>alert(1)</script> <img src=x onerror=alert(1)>");

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("![x](https://evil.example/track.png)")]
    public void ToHtml_UnsafeLinksAndImages_Neutralised(string markdown)
    {
        var html = ChatMarkdown.ToHtml(markdown);

        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ToHtml_Markdown_Rendered() =>
        Assert.Contains("<strong>911</strong>", ChatMarkdown.ToHtml("call **911**"), StringComparison.Ordinal);
}
