using Workbook.Execution;
using Workbook.Tests.Infrastructure;

namespace Workbook.Tests.Execution;

/// <summary>#r "nuget" values and their resolution against the catalogue the build restored (notebook-format.md §6).</summary>
public sealed class PackageCatalogTests
{
    [Theory]
    [InlineData("\"nuget: Foo, 1.2.3\"", "Foo", "1.2.3")]
    [InlineData("\"nuget:Foo,1.2.3\"", "Foo", "1.2.3")]
    [InlineData(" \t\"nuget:  Foo.Bar ,  2.0.0-beta.1 \" ", "Foo.Bar", "2.0.0-beta.1")]
    [InlineData("\"nuget: Foo\"", "Foo", "")]
    [InlineData("\"nuget: Foo, 1.0, extra\"", "Foo", "1.0, extra")]
    public void TryParse_NugetValue_SplitsIdAndVersionAtTheFirstComma(string value, string id, string version)
    {
        Assert.True(PackageReference.TryParse(value, out var reference));
        Assert.Equal(new PackageReference(id, version), reference);
    }

    [Theory]
    [InlineData("\"lib.dll\"")]
    [InlineData("\"Nuget: Foo, 1.0\"")]
    [InlineData("\"nuget: , 1.0\"")]
    public void TryParse_NotAPackage_ReturnsFalse(string value)
    {
        Assert.False(PackageReference.TryParse(value, out _));
    }

    [Fact]
    public void Resolve_CataloguedPackage_GivesItsAssemblyClosure()
    {
        var resolved = SessionHarness.Catalog.Resolve(new PackageReference("microsoft.data.analysis", "0.23.1"));

        Assert.Equal("dataframe", resolved.Shim);
        Assert.Contains(resolved.Assemblies, a => Path.GetFileName(a) == "Microsoft.Data.Analysis.dll");
        Assert.Contains(resolved.Assemblies, a => Path.GetFileName(a) == "Apache.Arrow.dll");   // a dependency
        Assert.All(resolved.Assemblies, a => Assert.True(File.Exists(a), a));
    }

    [Fact]
    public void Resolve_UnknownPackage_ThrowsNU1101()
    {
        var error = Assert.Throws<PackageResolutionException>(() => SessionHarness.Catalog.Resolve(new PackageReference("Unknown.Package", "1.0.0")));

        Assert.StartsWith("error NU1101: Unable to find package Unknown.Package.", error.Message);
    }

    [Fact]
    public void Resolve_WrongVersion_ThrowsNU1102WithTheNearestVersion()
    {
        var error = Assert.Throws<PackageResolutionException>(() => SessionHarness.Catalog.Resolve(new PackageReference("Plotly.NET", "5.0.0")));

        Assert.StartsWith("error NU1102: Unable to find package Plotly.NET with version (= 5.0.0).", error.Message);
        Assert.Contains("Nearest version: 6.0.0", error.Message);
    }

    [Fact]
    public void Resolve_OtherTorchSharpBackend_IsServedByTheCataloguedOneWithANote()
    {
        string served = SessionHarness.TorchSharpBackend;
        string other = served.Equals("TorchSharp-cpu", StringComparison.OrdinalIgnoreCase) ? "TorchSharp-cuda-linux" : "TorchSharp-cpu";

        var resolved = SessionHarness.Catalog.Resolve(new PackageReference(other, "0.107.0"));

        Assert.Equal(other, resolved.Id);
        Assert.Contains($"{other} is served by {served}", resolved.Note);
        Assert.Contains(resolved.Assemblies, a => Path.GetFileName(a) == "TorchSharp.dll");
    }

    [Fact]
    public void Resolve_PlotlyInteractive_IsTheShimOverPlotlyNet()
    {
        var resolved = SessionHarness.Catalog.Resolve(new PackageReference("Plotly.NET.Interactive", "6.0.0"));

        Assert.Equal("plotly", resolved.Shim);
        Assert.Contains(resolved.Assemblies, a => Path.GetFileName(a) == "Plotly.NET.dll");
        Assert.NotNull(Workbook.Reports.PlotlyJsSource.TryRead(SessionHarness.Catalog.PlotlyNetAssembly));
    }
}
