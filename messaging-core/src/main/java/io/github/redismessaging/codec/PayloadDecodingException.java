package io.github.redismessaging.codec;

/**
 * Thrown when stored bytes cannot be decoded into the type a listener asks for. Containers treat it as a
 * poison message: it is never retried, because retrying cannot change the bytes.
 */
public class PayloadDecodingException extends RuntimeException {

	/**
	 * Creates the exception.
	 * @param message what could not be decoded into what
	 * @param cause the codec's own exception
	 */
	public PayloadDecodingException(String message, Throwable cause) {
		super(message, cause);
	}

}
