package org.citybrain.datahub.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reads the Kafka sources: on each node one consumer per source, in the source's consumer group, so that Kafka shares
 * the topic's partitions among the nodes (two nodes never read the same message at once). Messages are gathered for
 * the source's {@code batchSeconds} (or up to 10,000) and loaded as one run; only then are their offsets committed. A
 * node that stops between the two leaves the offsets uncommitted: the messages come again, to this node or another, and
 * the run's submission key (the offsets) makes them the same run. Records are matched by the mapping's key, so a
 * department that sends a record twice updates it rather than doubling it.
 *
 * <p>What a node keeps in memory is only the batch it has not loaded yet, which Kafka still holds: nothing that
 * matters is lost with the node. A partition taken from this node in a rebalance drops its share of the batch, which
 * the partition's new reader gets again from the committed offset.
 */
@Component
class StreamSources {

    private static final Logger log = LoggerFactory.getLogger(StreamSources.class);
    static final String BY = "stream";
    static final int MAX_BATCH = 10_000;

    private final Sources sources;
    private final Loading loading;
    private final Map<String, Reader> readers = new HashMap<>();

    StreamSources(Sources sources, Loading loading) {
        this.sources = sources;
        this.loading = loading;
    }

    /** One source's consumer on this node and the batch it is gathering. */
    private final class Reader implements ConsumerRebalanceListener {
        final Sources.KafkaTopic topic;
        final KafkaConsumer<String, byte[]> consumer;
        final List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
        Instant batchStarted;
        int failures;
        Instant notBefore = Instant.MIN;

        Reader(String sourceId, Sources.KafkaTopic topic) {
            this.topic = topic;
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, topic.bootstrapServers());
            p.put(ConsumerConfig.GROUP_ID_CONFIG, topic.groupId());
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, "citybrain-hub-" + sourceId);
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            // a new group starts at the beginning of what the topic still holds: the department's backlog is data too
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            // bytes, not strings: a message in another encoding is a rejected row saying so, not silently mangled text
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            this.consumer = new KafkaConsumer<>(p);
            consumer.subscribe(List.of(topic.topic()), this);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            batch.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
            if (batch.isEmpty()) {
                batchStarted = null;
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // nothing to do: reading resumes at the group's committed offsets
        }

        void close() {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (KafkaException e) {
                log.debug("closing the consumer of topic {}", topic.topic(), e);
            }
        }
    }

    @Scheduled(fixedDelayString = "${citybrain.datahub.stream-every:PT1S}", initialDelayString = "PT5S")
    void read() {
        Map<String, Sources.Source> streamed = sources.ready(Sources.Kind.KAFKA);
        // sources no longer streamed, or whose topic changed: their consumers go
        readers.entrySet().removeIf(e -> {
            Sources.Source s = streamed.get(e.getKey());
            if (s == null || !s.kafka().equals(e.getValue().topic)) {
                e.getValue().close();
                return true;
            }
            return false;
        });
        for (Sources.Source s : streamed.values()) {
            try {
                read(s, readers.computeIfAbsent(s.id(), id -> new Reader(id, s.kafka())));
            } catch (KafkaException e) {
                log.warn("reading the topic of source {} failed; trying again", s.id(), e);
                Reader broken = readers.remove(s.id());
                if (broken != null) {
                    broken.close();
                }
            }
        }
    }

    private void read(Sources.Source source, Reader reader) {
        for (ConsumerRecord<String, byte[]> r : reader.consumer.poll(Duration.ofMillis(200))) {
            if (reader.batch.isEmpty()) {
                reader.batchStarted = Instant.now();
            }
            reader.batch.add(r);
        }
        if (reader.batch.size() >= MAX_BATCH) {
            // a full batch waits to be loaded: the consumer keeps its group membership but fetches nothing more
            reader.consumer.pause(reader.consumer.assignment());
        }
        boolean due = !reader.batch.isEmpty() && !Instant.now().isBefore(reader.notBefore) && (reader.batch.size() >= MAX_BATCH
                || !Instant.now().isBefore(reader.batchStarted.plusSeconds(reader.topic.batchSeconds())));
        if (!due) {
            return;
        }
        Map<TopicPartition, long[]> range = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
        for (ConsumerRecord<String, byte[]> r : reader.batch) {
            range.merge(new TopicPartition(r.topic(), r.partition()), new long[] {r.offset(), r.offset()},
                    (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        StringBuilder offsets = new StringBuilder();
        range.forEach((tp, o) -> offsets.append(offsets.isEmpty() ? "" : ",").append(tp.partition()).append(':').append(o[0]).append('-').append(o[1]));
        Runs.Run run;
        try {
            run = loading.stream(BY, source, List.copyOf(reader.batch), offsets.toString());
        } catch (org.citybrain.platform.Conflict e) {
            return; // the source is being loaded already (a resubmission): the batch waits for the next look
        }
        if (run.status() == Runs.Status.RUNNING) {
            return; // being written (another attempt in flight): the offsets wait until it is done
        }
        if (run.status() == Runs.Status.FAILED) {
            // not written: the offsets stay uncommitted and the batch is tried again after 1, 4, 16 minutes
            reader.failures++;
            reader.notBefore = Instant.now().plus(Inbox.backoff(Math.min(reader.failures, 3)));
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        range.forEach((tp, o) -> commit.put(tp, new OffsetAndMetadata(o[1] + 1)));
        reader.consumer.commitSync(commit);
        reader.batch.clear();
        reader.batchStarted = null;
        reader.failures = 0;
        reader.consumer.resume(reader.consumer.paused());
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        readers.values().forEach(Reader::close);
        readers.clear();
    }
}
