package org.scheduler.app.conf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Turns a YAML value into the plain maps, lists and scalars that Jackson writes as JSON. */
final class YamlJson {
  private YamlJson() {}

  static Object toJson(Node node) {
    if (node instanceof MappingNode mapping) {
      Map<String, Object> object = new LinkedHashMap<>();
      for (NodeTuple tuple : mapping.getValue()) {
        String key =
            tuple.getKeyNode() instanceof ScalarNode scalar
                ? scalar.getValue()
                : String.valueOf(toJson(tuple.getKeyNode()));
        object.put(key, toJson(tuple.getValueNode()));
      }
      return object;
    }
    if (node instanceof SequenceNode sequence) {
      List<Object> array = new ArrayList<>();
      sequence.getValue().forEach(item -> array.add(toJson(item)));
      return array;
    }
    ScalarNode scalar = (ScalarNode) node;
    String value = scalar.getValue();
    Tag tag = scalar.getTag();
    try {
      if (Tag.NULL.equals(tag)) {
        return null;
      }
      if (Tag.BOOL.equals(tag)) {
        return value.equalsIgnoreCase("true")
            || value.equalsIgnoreCase("yes")
            || value.equalsIgnoreCase("on");
      }
      if (Tag.INT.equals(tag)) {
        return Long.parseLong(value.replace("_", ""));
      }
      if (Tag.FLOAT.equals(tag)) {
        return Double.parseDouble(value.replace("_", ""));
      }
    } catch (NumberFormatException e) {
      // a number YAML 1.1 accepts and Java does not (0x1F, 1:30): keep the text
    }
    return value;
  }
}
