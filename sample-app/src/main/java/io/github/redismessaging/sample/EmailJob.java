package io.github.redismessaging.sample;

/**
 * A confirmation e-mail to send, carried in the queue {@code emails}.
 *
 * @param orderId the order it confirms; lets the sender recognise a duplicate job
 * @param to the recipient
 * @param subject the subject line
 */
record EmailJob(String orderId, String to, String subject) {
}
