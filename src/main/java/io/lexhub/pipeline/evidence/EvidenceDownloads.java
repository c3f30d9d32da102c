package io.lexhub.pipeline.evidence;

import io.lexhub.store.EvidenceStore;
import io.lexhub.store.Tx;
import java.util.Optional;

/**
 * One evidence file with its bytes, for a download by someone who may read the request (the gate
 * checked that). The file must belong to the request named: an id of another request's file is not found.
 */
public final class EvidenceDownloads {

    private final Tx tx;
    private final EvidenceStore store;

    public EvidenceDownloads(Tx tx, EvidenceStore store) {
        this.tx = tx;
        this.store = store;
    }

    /** The file, served as the type it was checked to be; empty when the request has no such file. */
    public Optional<EvidenceStore.Content> open(String reference, String id) {
        long n;
        try {
            n = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return tx.read(c -> store.content(c, reference, n))
                .filter(f -> EvidenceType.ofContentType(f.row().contentType()).isPresent());
    }
}
