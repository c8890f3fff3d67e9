using MedPortal.Inference;
using MedPortal.Inference.Native;
using Microsoft.Extensions.Options;

namespace MedPortal.Tests.Inference;

public sealed class ModelFolderTests : IDisposable
{
    private readonly DirectoryInfo sandbox = Directory.CreateTempSubdirectory("medportal-folder-");
    private readonly string models;
    private readonly string outside;
    private readonly ModelFolder folder;

    public ModelFolderTests()
    {
        models = Directory.CreateDirectory(Path.Combine(sandbox.FullName, "models")).FullName;
        outside = Directory.CreateDirectory(Path.Combine(sandbox.FullName, "elsewhere")).FullName;
        File.WriteAllText(Path.Combine(models, "good.gguf"), "GGUF");
        Directory.CreateDirectory(Path.Combine(models, "qwen"));
        File.WriteAllText(Path.Combine(models, "qwen", "inner.gguf"), "GGUF");
        File.WriteAllText(Path.Combine(models, "notes.txt"), "not a model");
        File.WriteAllText(Path.Combine(outside, "secret.gguf"), "GGUF");
        File.CreateSymbolicLink(Path.Combine(models, "linked.gguf"), Path.Combine(outside, "secret.gguf"));
        Directory.CreateSymbolicLink(Path.Combine(models, "linkdir"), outside);
        File.CreateSymbolicLink(Path.Combine(models, "relative.gguf"), "good.gguf");
        folder = new ModelFolder(Options.Create(new InferenceOptions { ModelsDirectory = models }));
    }

    [Fact]
    public void List_FolderWithLinksOut_OffersOnlyFilesReallyInside()
    {
        Assert.Equal(["good.gguf", Path.Combine("qwen", "inner.gguf"), "relative.gguf"], folder.List());
    }

    [Theory]
    [InlineData("good.gguf", "good.gguf")]
    [InlineData("qwen/inner.gguf", "qwen/inner.gguf")]
    [InlineData("qwen/../good.gguf", "good.gguf")]
    [InlineData("relative.gguf", "good.gguf")]
    public void Resolve_FileInside_RealPath(string input, string expected) =>
        Assert.Equal(Path.Combine(ModelFolder.RealPath(models), expected), folder.Resolve(input));

    [Fact]
    public void Resolve_FullPathInside_Accepted() =>
        Assert.Equal(Path.Combine(ModelFolder.RealPath(models), "good.gguf"), folder.Resolve(Path.Combine(models, "good.gguf")));

    [Theory]
    [InlineData("../elsewhere/secret.gguf")]
    [InlineData("qwen/../../elsewhere/secret.gguf")]
    [InlineData("linked.gguf")]
    [InlineData("linkdir/secret.gguf")]
    [InlineData("/etc/passwd")]
    public void Resolve_OutsideTheFolder_Refused(string input)
    {
        var error = Assert.Throws<InferenceUnavailableException>(() => folder.Resolve(input));

        Assert.Contains("is not in the models folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_AbsolutePathOutside_Refused()
    {
        var error = Assert.Throws<InferenceUnavailableException>(() => folder.Resolve(Path.Combine(outside, "secret.gguf")));

        Assert.Contains("is not in the models folder", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing.gguf")]
    [InlineData("notes.txt")]
    public void Resolve_MissingOrNotGguf_NoSuchFile(string input)
    {
        var error = Assert.Throws<InferenceUnavailableException>(() => folder.Resolve(input));

        Assert.Contains("There is no GGUF file", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => sandbox.Delete(recursive: true);
}
