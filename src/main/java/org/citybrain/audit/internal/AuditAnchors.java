package org.citybrain.audit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Anchors of the audit chain outside the database's reach. The hash chain shows a changed or deleted record, but
 * whoever can write the database can also cut the newest records off and move the head back, or rewrite the newest
 * record and recompute its hash: the chain alone then looks intact. So every few seconds the head (sequence number and
 * hash) is signed with an Ed25519 key that is not in the database and appended, flushed to disk, to an append-only
 * anchor file (and logged, for log shipping to an external store). Verification checks every anchor against the chain:
 * an anchored record that is gone or changed, or a chain shorter than its anchors, is detected. What lies after the
 * newest anchor (at most one interval) is protected by the chain only. docs/security.md says how to keep the anchors.
 */
@Component
class AuditAnchors {

    /** One signed head. */
    record Anchor(long seq, String hash, Instant at, String signature, boolean signatureValid) {
    }

    private static final Logger log = LoggerFactory.getLogger(AuditAnchors.class);
    private static final Logger anchorLog = LoggerFactory.getLogger("citybrain.audit.anchors");

    private final JdbcClient jdbc;
    private final Path anchorFile;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private long lastAnchored = -1;

    AuditAnchors(JdbcClient jdbc, @Value("${citybrain.audit.anchor-file:./data/audit/anchors.log}") Path anchorFile,
                 @Value("${citybrain.audit.anchor-key:./data/audit/anchor-key}") Path keyFile) {
        this.jdbc = jdbc;
        this.anchorFile = anchorFile;
        KeyPair keys = loadOrCreate(keyFile);
        this.privateKey = keys.getPrivate();
        this.publicKey = keys.getPublic();
    }

    /** Signs and appends the current head unless it is anchored already; returns the head's sequence number. */
    @Scheduled(fixedDelayString = "${citybrain.audit.anchor-every:PT10S}", initialDelayString = "PT5S")
    synchronized long anchor() {
        record Head(long seq, String hash) {
        }
        Head head = jdbc.sql("select last_seq, last_hash from audit_chain_head where id = 1").query((rs, n) -> new Head(rs.getLong(1), rs.getString(2))).single();
        if (head.seq() == 0 || head.seq() == lastAnchored) {
            return head.seq();
        }
        Instant at = Instant.now();
        String line = head.seq() + " " + head.hash() + " " + at + " " + sign(payload(head.seq(), head.hash(), at)) + "\n";
        try {
            Files.createDirectories(anchorFile.toAbsolutePath().getParent());
            try (FileChannel out = FileChannel.open(anchorFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
                out.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII)));
                out.force(true);
            }
        } catch (IOException e) {
            log.error("cannot append the audit anchor to {}", anchorFile.toAbsolutePath(), e);
            return head.seq();
        }
        anchorLog.info("audit anchor {}", line.strip());
        lastAnchored = head.seq();
        return head.seq();
    }

    /** Every anchor of the file, with whether its signature holds, in the order written. */
    List<Anchor> anchors() {
        List<Anchor> anchors = new ArrayList<>();
        if (!Files.exists(anchorFile)) {
            return anchors;
        }
        try {
            for (String line : Files.readAllLines(anchorFile, StandardCharsets.US_ASCII)) {
                String[] p = line.trim().split(" ");
                if (p.length != 4) {
                    anchors.add(new Anchor(-1, "", Instant.EPOCH, line, false));
                    continue;
                }
                try {
                    long seq = Long.parseLong(p[0]);
                    Instant at = Instant.parse(p[2]);
                    anchors.add(new Anchor(seq, p[1], at, p[3], verify(payload(seq, p[1], at), p[3])));
                } catch (RuntimeException e) {
                    anchors.add(new Anchor(-1, "", Instant.EPOCH, line, false));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit anchors at " + anchorFile.toAbsolutePath(), e);
        }
        return anchors;
    }

    String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    private static String payload(long seq, String hash, Instant at) {
        return "citybrain-audit-anchor|" + seq + "|" + hash + "|" + at;
    }

    private String sign(String payload) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(payload.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK since 15", e);
        }
    }

    private boolean verify(String payload, String signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(publicKey);
            s.update(payload.getBytes(StandardCharsets.UTF_8));
            return s.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The key pair from its file (private and public key, base64, one a line), or a new one written there (mode 600). */
    private static KeyPair loadOrCreate(Path keyFile) {
        try {
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            if (Files.exists(keyFile)) {
                List<String> lines = Files.readAllLines(keyFile, StandardCharsets.US_ASCII);
                return new KeyPair(factory.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(lines.get(1).trim()))),
                        factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines.get(0).trim()))));
            }
            KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Files.createDirectories(keyFile.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(keyFile.toAbsolutePath().getParent(), "anchor-key", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not POSIX: the directory's permissions apply
            }
            Files.writeString(tmp, Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()) + "\n"
                    + Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()) + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, keyFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            log.info("new audit anchor key written to {} (keep it off the database server)", keyFile.toAbsolutePath());
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the audit anchor key at " + keyFile.toAbsolutePath(), e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("the audit anchor key at " + keyFile.toAbsolutePath() + " is not an Ed25519 key pair", e);
        }
    }
}
