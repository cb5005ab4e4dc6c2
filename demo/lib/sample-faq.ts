/**
 * The QA context both demo pages start with: the FAQ of a made-up outdoor-gear shop, so a visitor
 * can ask a real-sounding question ("How long do I have to return something?") straight away.
 */
export const sampleCompany = 'Harbor & Pine';

export const sampleFaq = `Harbor & Pine is an outdoor gear shop in Portland, Oregon, selling tents, backpacks, jackets and camp kitchens online and in our store.

Shipping: orders placed before 2 pm Pacific ship the same business day. Standard shipping is free on orders over 50 dollars and takes 3 to 5 business days. Express shipping costs 12 dollars and takes 1 to 2 business days.

Returns: you can return unused items within 30 days of delivery for a full refund. Start a return from the Orders page of your account; return shipping is free.

Warranty: every Harbor & Pine tent, backpack and jacket has a lifetime warranty against defects in materials and workmanship. Normal wear and accidents are repaired at cost.

Order tracking: you get a tracking link by email as soon as your order ships. You can also see it on the Orders page of your account.

Store hours: our Portland store at 410 Water Street is open every day from 9 am to 7 pm.

Support hours: people answer chat, email and phone from Monday to Friday, 8 am to 6 pm Pacific. This avatar answers any time.

Payment: we accept Visa, Mastercard, American Express, PayPal and Apple Pay.

Contact: email help@harborandpine.example or call 503 555 0142.`;

/** Questions offered as one-tap suggestions; each is answered by the FAQ above. */
export const sampleQuestions = [
  'How long do I have to return something?',
  'Is shipping free?',
  'Do your tents have a warranty?',
  'When is your store open?',
];
