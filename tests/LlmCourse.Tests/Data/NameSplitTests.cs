using LlmCourse.Data;

namespace LlmCourse.Tests.Data;

public sealed class NameSplitTests
{
    private static readonly string[] Names = Enumerable.Range(0, 1000).Select(i => $"name{i}").ToArray();

    [Fact]
    public void Create_EightyTenTen_IsAPartitionOfTheNames()
    {
        var split = NameSplit.Create(Names, seed: 42);

        Assert.Equal((800, 100, 100), (split.Train.Count, split.Dev.Count, split.Test.Count));
        var together = split.Train.Concat(split.Dev).Concat(split.Test).ToArray();
        Assert.Equal(Names.Order(), together.Order());                   // nothing lost, nothing repeated
        Assert.Empty(split.Train.Intersect(split.Dev));
        Assert.Empty(split.Dev.Intersect(split.Test));
    }

    [Fact]
    public void Create_SameSeed_GivesTheSameSplit()
    {
        var first = NameSplit.Create(Names, seed: 42);
        var second = NameSplit.Create(Names, seed: 42);

        Assert.Equal(first.Train, second.Train);
        Assert.Equal(first.Dev, second.Dev);
        Assert.Equal(first.Test, second.Test);
    }

    [Fact]
    public void Create_AnotherSeed_GivesAnotherSplitAndShuffles()
    {
        var first = NameSplit.Create(Names, seed: 42);
        var second = NameSplit.Create(Names, seed: 7);

        Assert.NotEqual(first.Dev, second.Dev);
        Assert.NotEqual(Names[..800], first.Train);                       // not simply the first 80%
    }

    [Fact]
    public void Create_LeavesTheInputUntouched()
    {
        var names = Names.ToArray();

        NameSplit.Create(names, seed: 1);

        Assert.Equal(Names, names);
    }

    [Theory]
    [InlineData(0.0, 0.1)]
    [InlineData(0.9, 0.2)]
    [InlineData(0.8, -0.1)]
    public void Create_FractionsThatDoNotFit_Throw(double train, double dev)
    {
        Assert.Throws<ArgumentException>(() => NameSplit.Create(Names, 42, train, dev));
    }
}
