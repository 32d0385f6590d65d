namespace LlmCourse.Basics;

/// <summary>Inputs for the leaf/flower network and the names we give its four inputs and two outputs.</summary>
/// <remarks>The network only sees numbers; these names are our interpretation, and <see cref="Weather"/> is another one.</remarks>
public static class LeafFlowerExamples
{
    /// <summary>A green leaf: dominant colour (R, G, B) = (32, 107, 56), volume 11.2 ml (the article's numbers).</summary>
    public static double[] Leaf => [32, 107, 56, 11.2];

    /// <summary>A sunflower head: yellow (245, 190, 20), volume 120 ml.</summary>
    public static double[] Sunflower => [245, 190, 20, 120];

    public static string[] InputNames => ["red", "green", "blue", "volume (ml)"];

    public static string[] OutputNames => ["leaf", "flower"];

    /// <summary>The same four-in, two-out shape read as a weather forecast: the network cannot tell the difference.</summary>
    public static class Weather
    {
        /// <summary>A grey, humid afternoon: cloud cover %, humidity %, wind km/h, pressure drop over 3 h (hPa × 10).</summary>
        public static double[] GreyAfternoon => [85, 92, 24, 35];

        public static string[] InputNames => ["cloud cover (%)", "humidity (%)", "wind (km/h)", "pressure drop (hPa × 10)"];

        public static string[] OutputNames => ["sunny in an hour", "rain in an hour"];
    }
}
