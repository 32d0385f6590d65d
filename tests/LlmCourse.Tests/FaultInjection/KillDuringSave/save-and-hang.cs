// A .NET file-based app for SaveFaultTests.KilledSave_…: it starts an atomic save of the file named by its argument,
// writes a megabyte, says "writing", and hangs there until the test kills it, as a crash or Ctrl+C in mid-save would.
#:project ../../../../lib/LlmCourse/LlmCourse.csproj
#:property PublishAot=false
using LlmCourse.Files;

AtomicFile.Write(args[0], stream =>
{
    stream.Write(new byte[1 << 20]);
    stream.Flush();
    Console.WriteLine("writing");
    Console.Out.Flush();
    Thread.Sleep(Timeout.Infinite);
});
