// The Java client's partition for each key: Utils.toPositive(Utils.murmur2(key)) % partitions, as
// BuiltInPartitioner.partitionForKey computes it. Run with the cluster's jars on the class path:
//   java -cp "<libs>/*" test/support/JavaPartition.java <partitions> <key>...
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;

public class JavaPartition {
  public static void main(String[] args) {
    int partitions = Integer.parseInt(args[0]);
    for (int i = 1; i < args.length; i++) {
      byte[] key = args[i].getBytes(StandardCharsets.UTF_8);
      System.out.println(args[i] + " " + BuiltInPartitioner.partitionForKey(key, partitions));
    }
  }
}
